import type { RedactionRule } from './rule.js';

/** Runs one rule over lines of a single stream, for table-driven rule tests. */
export function applyRule(
  rule: RedactionRule,
  ...lines: string[]
): { text: string; count: number } {
  const apply = rule.start();
  let count = 0;
  const out = lines.map((line) => {
    const r = apply(line);
    count += r.count;
    return r.text;
  });
  return { text: out.join('\n'), count };
}
