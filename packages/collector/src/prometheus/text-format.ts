/**
 * The Prometheus text exposition format (version 0.0.4), one line at a time: what a
 * /metrics endpoint serves. Only what a scrape needs: HELP and TYPE comments and samples
 * `name{label="value",...} value [timestamp]`, with the format's escapes in label values
 * (\\, \", \n) and HELP text (\\, \n).
 */
export type ExpositionLine =
  | { kind: 'help'; family: string; help: string }
  | { kind: 'type'; family: string; type: string }
  | { kind: 'sample'; name: string; labels: Record<string, string>; value: number }
  | { kind: 'other' };

const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function unescape(text: string, quotes: boolean): string {
  return text.replace(/\\(\\|n|")/g, (m, c: string) =>
    c === 'n' ? '\n' : c === '"' && !quotes ? m : c,
  );
}

/** Parses one line; comments other than HELP/TYPE, blank and malformed lines are "other". */
export function parseExpositionLine(line: string): ExpositionLine {
  if (line.startsWith('#')) {
    const m = /^#\s+(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s?(.*)$/.exec(line);
    if (!m) return { kind: 'other' };
    return m[1] === 'HELP'
      ? { kind: 'help', family: m[2]!, help: unescape(m[3]!, false) }
      : { kind: 'type', family: m[2]!, type: m[3]!.trim() };
  }
  const n = name.exec(line);
  if (!n) return { kind: 'other' };
  let i = n[0].length;
  const labels: Record<string, string> = {};
  if (line[i] === '{') {
    i++;
    for (;;) {
      while (line[i] === ' ' || line[i] === ',') i++;
      if (line[i] === '}') {
        i++;
        break;
      }
      const l = name.exec(line.slice(i));
      if (!l || line[i + l[0].length] !== '=' || line[i + l[0].length + 1] !== '"') {
        return { kind: 'other' };
      }
      i += l[0].length + 2;
      let raw = '';
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) {
          raw += line.slice(i, i + 2);
          i += 2;
        } else raw += line[i++];
      }
      if (line[i] !== '"') return { kind: 'other' };
      i++;
      labels[l[0]] = unescape(raw, true);
    }
  }
  const rest = line.slice(i).trim().split(/\s+/);
  const value = Number(rest[0] === '+Inf' ? Infinity : rest[0] === '-Inf' ? -Infinity : rest[0]);
  if (rest[0] === undefined || rest[0] === '' || (Number.isNaN(value) && rest[0] !== 'NaN')) {
    return { kind: 'other' };
  }
  return { kind: 'sample', name: n[0], labels, value };
}

/** The family a sample belongs to: histogram and summary samples carry a suffix. */
export function familyOf(sample: string, families: ReadonlySet<string>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    if (sample.endsWith(suffix) && families.has(sample.slice(0, -suffix.length))) {
      return sample.slice(0, -suffix.length);
    }
  }
  return sample;
}

/** Splits a byte stream into lines (UTF-8), without holding more than one line. */
export async function* lines(chunks: AsyncIterable<Buffer>): AsyncIterable<string> {
  let carry = '';
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    carry = parts.pop()!;
    yield* parts;
  }
  carry += decoder.decode();
  if (carry !== '') yield carry;
}
