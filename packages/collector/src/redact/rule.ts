/** What a line redactor returns: the line with secrets replaced, and how many it replaced. */
export interface Redacted {
  text: string;
  count: number;
}

/**
 * One redaction rule. `start()` is called once per stream (a log, a file, a JSON string)
 * so rules that span lines (a PEM private-key block) keep their state per stream.
 */
export interface RedactionRule {
  id: string;
  start(): (line: string) => Redacted;
}

/** What replaces a secret value everywhere. */
export const redactedMarker = '***';

/** A stateless rule from one global regular expression and its replacement. */
export function regexRule(id: string, pattern: RegExp, replacement: string): RedactionRule {
  if (!pattern.global) throw new Error(`redaction rule ${id}: pattern must be global`);
  const redact = (line: string): Redacted => {
    let count = 0;
    const text = line.replace(pattern, (...args: unknown[]) => {
      count++;
      // Expand $1-style group references by hand so the count stays exact.
      return replacement.replace(/\$(\d)/g, (_, n: string) => String(args[Number(n)] ?? ''));
    });
    return { text, count };
  };
  return { id, start: () => redact };
}
