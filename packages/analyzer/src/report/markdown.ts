import type { Report } from '@studio-support/schema';
import { bundleLine, isCommand, verdictWords, where } from './present.js';

/** Inline code that survives backticks in the text (CommonMark: a longer fence). */
function code(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Plain text with Markdown's active characters neutralized (bundle text is data). */
function text(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/([\\`*_{}[\]()#+!|<>~])/g, '\\$1');
}

function evidence(list: Report['findings'][number]['evidence'], out: string[]): void {
  for (const e of list) out.push(`- ${code(where(e))} ${code(e.excerpt)}`);
}

function remediation(steps: string[], out: string[]): void {
  steps.forEach((s, i) => out.push(`${i + 1}. ${isCommand(s) ? code(s) : text(s)}`));
}

/** The report for a ticket: verdict first, then the causal chain, the fix, the rest. */
export function renderMarkdown(r: Report): string {
  const out: string[] = [];
  const [top, ...others] = r.causes;
  out.push(
    `# Studio 502 analysis: ${verdictWords[r.verdict]}${top ? ` — ${code(top.cause)}` : ''}`,
    '',
  );
  out.push(text(r.summary), '');
  out.push(`_${text(bundleLine(r))}_`, '');
  if (top) {
    out.push(`## Root cause: ${text(top.title)} (${code(top.cause)}, layer ${top.layer})`, '');
    for (const line of top.explanation.split('\n')) out.push(text(line), '');
    if (top.explainsSymptoms.length) {
      out.push(`**Explains what was observed:** ${top.explainsSymptoms.map(code).join(', ')}`, '');
    }
    out.push('### Evidence', '');
    evidence(top.evidence, out);
    out.push('', '### What to do', '');
    remediation(top.remediation, out);
    out.push('', `_Established by rule(s) ${top.rules.map(code).join(', ')}._`, '');
  }
  if (others.length) {
    out.push('## Other causes found (ranked)', '');
    for (const c of others) {
      out.push(`### ${text(c.title)} (${code(c.cause)})`, '');
      out.push(text(c.explanation.replace(/\n/g, ' ')), '');
      evidence(c.evidence, out);
      out.push('');
      remediation(c.remediation, out);
      out.push('');
    }
  }
  const rest = r.findings.filter((f) => !f.cause);
  if (rest.length) {
    out.push('## Symptoms and other findings', '');
    for (const f of rest) {
      out.push(`### ${text(f.title)} (${f.severity}, ${code(f.rule)})`, '', text(f.message), '');
      evidence(f.evidence, out);
      out.push('');
    }
  }
  if (r.missing.length) {
    out.push('## Not in the bundle', '', '| what | why | would decide |', '|---|---|---|');
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
