import type { Evidence, Report } from '@studio-support/schema';
import {
  bundleLine,
  confidenceBasis,
  isCommand,
  relativeTime,
  stageLabel,
  verdictWords,
  where,
} from './present.js';

const oneLine = (s: string): string => s.replace(/\r?\n/g, ' ');

/** Inline code that survives backticks in the text (CommonMark: a longer fence). */
function code(text: string): string {
  const flat = oneLine(text);
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block no line of the content can close: its fence outlasts every backtick run. */
function fenced(lines: string[], info = ''): string[] {
  const body = lines.map(oneLine);
  const longest = Math.max(
    0,
    ...body.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)),
  );
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...body, fence];
}

/** Plain text with Markdown's active characters neutralized (bundle text is data). */
function text(s: string): string {
  return oneLine(s).replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

/** Evidence, one fenced block per file, each line with its number: `41: psycopg2…`. */
function evidence(list: readonly Evidence[], out: string[]): void {
  const files = new Map<string, Evidence[]>();
  for (const e of list) files.set(e.path, [...(files.get(e.path) ?? []), e]);
  for (const [path, items] of files) {
    out.push(code(path), '');
    const width = Math.max(...items.map((e) => String(e.line ?? '').length));
    out.push(
      ...fenced(
        [...items]
          .sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
          .map((e) =>
            e.line !== undefined ? `${String(e.line).padStart(width)}: ${e.excerpt}` : e.excerpt,
          ),
        'text',
      ),
      '',
    );
  }
}

/** The fix as one block to copy: commands as they are, prose steps as comments between them. */
function remediation(steps: readonly string[], out: string[]): void {
  if (!steps.length) return;
  out.push(
    ...fenced(
      steps.map((s) => (isCommand(s) ? s : `# ${s}`)),
      'sh',
    ),
    '',
  );
}

/**
 * The report for a ticket: the verdict and why, the causal chain, the fix as one block to
 * copy, the evidence in fenced blocks, a timeline, then the rest. Every bundle string is
 * either in a code span or block (rendered as text) or escaped.
 */
export function renderMarkdown(r: Report): string {
  const out: string[] = [];
  const [top, ...others] = r.causes;
  out.push(
    `# Studio 502 analysis: ${verdictWords[r.verdict]}${top ? ` — ${code(top.cause)}` : ''}`,
    '',
  );
  if (top) {
    const [first = '', ...rest] = top.explanation.split('\n');
    out.push(`**${text(top.title)}.** ${text(first)}`, '');
    for (const line of rest) out.push(text(line), '');
  } else {
    out.push(`**${text(r.summary)}**`, '');
  }
  out.push(`_Why we think so: ${text(confidenceBasis(r))}_`, '');
  out.push(`_Bundle: ${text(bundleLine(r))}_`, '');

  const chain = r.chain ?? [];
  if (chain.length) {
    out.push('## Causal chain', '', 'From what users see to what to fix:', '');
    chain.forEach((link, i) => {
      const stage = stageLabel(link.stage, r.bundle.target);
      const label = link.role === 'cause' ? `root cause (${stage})` : stage;
      const cited = link.evidence[0] ? ` — ${code(where(link.evidence[0]))}` : '';
      out.push(
        `${i + 1}. **${label}**: ${text(link.title)} (${code(link.id ?? link.rule)})${cited}`,
      );
    });
    out.push('');
  }

  if (top) {
    out.push('## What to do', '');
    remediation(top.remediation, out);
    out.push('## Evidence', '');
    evidence(top.evidence, out);
    out.push(`_Established by rule(s) ${top.rules.map(code).join(', ')}; layer ${top.layer}._`, '');
  }

  const timeline = r.timeline ?? [];
  if (timeline.length) {
    out.push('## Timeline', '');
    out.push(
      ...fenced(
        timeline.map((e) => {
          const rel = relativeTime(e.time, r.bundle.collectedAt);
          return `${e.time}${rel ? ` (${rel})` : ''}  ${e.kind.padEnd(7)} ${e.subject}: ${e.text}`;
        }),
        'text',
      ),
      '',
    );
  }

  if (others.length) {
    out.push('## Other causes found (ranked)', '');
    for (const c of others) {
      out.push(`### ${text(c.title)} (${code(c.cause)})`, '');
      out.push(text(c.explanation.replace(/\n/g, ' ')), '');
      evidence(c.evidence, out);
      remediation(c.remediation, out);
    }
  }
  const severities = ['critical', 'warning', 'info'];
  const rest = r.findings
    .filter((f) => !f.cause)
    .sort((a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity));
  if (rest.length) {
    out.push('## Symptoms and other findings', '');
    for (const f of rest) {
      const cited = f.evidence[0] ? ` ${code(where(f.evidence[0]))}` : '';
      out.push(
        `- **${f.severity}** ${text(f.title)} (${code(f.rule)}): ${text(f.message)}${cited}`,
      );
    }
    out.push('');
  }
  if (r.missing.length) {
    out.push('## Not collected', '', '| what | why | would decide |', '|---|---|---|');
    for (const m of r.missing) {
      out.push(
        `| ${text(m.what)} | ${text(m.reason)} | ${(m.decides ?? []).map(code).join(', ')} |`,
      );
    }
    out.push('');
  }
  if (r.errors?.length) {
    out.push('## Rules that could not run', '');
    for (const e of r.errors) out.push(`- ${code(e.rule)}: ${text(e.message)}`);
    out.push('');
  }
  out.push(`<sub>${text(`${r.tool.name} ${r.tool.version}`)}</sub>`, '');
  return out.join('\n');
}
