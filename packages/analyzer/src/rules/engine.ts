import type { LogScan } from '../bundle/line-scan.js';
import { lineTime } from '../facts/line-time.js';
import type { Evidence, FactItem, Facts } from '../facts/types.js';
import type { OperatorEnv } from './operators/index.js';
import type { CompiledCondition, CompiledPredicate, CompiledTest, LoadedRule } from './types.js';

export interface EngineInput {
  facts: Facts;
  /** Log scan results by bundle path (log conditions read their pattern's hits). */
  logs: ReadonlyMap<string, LogScan>;
  target: 'kubernetes' | 'host';
  env: OperatorEnv;
  /** Names every template sees: namespace, collectedAt, bundle. */
  globals: Record<string, unknown>;
}

export interface Finding {
  rule: LoadedRule;
  message: string;
  remediation: string[];
  evidence: Evidence[];
}

export type RuleOutcome =
  | { rule: LoadedRule; status: 'fired'; finding: Finding }
  | { rule: LoadedRule; status: 'quiet' }
  | { rule: LoadedRule; status: 'skipped'; reason: string }
  | { rule: LoadedRule; status: 'error'; message: string };

interface Result {
  holds: boolean;
  matches: FactItem[];
}

const maxEvidence = 12;

function valueOf(item: FactItem, p: CompiledPredicate): unknown {
  let v: unknown = item[p.segments[0]!];
  if (p.segments.length > 1)
    v =
      v !== null && typeof v === 'object'
        ? (v as Record<string, unknown>)[p.segments[1]!]
        : undefined;
  return v;
}

function passes(actual: unknown, tests: CompiledTest[], env: OperatorEnv): boolean {
  return tests.every((t) => t.operator.test(actual, t.operand, env));
}

function selects(item: FactItem, where: CompiledPredicate[], env: OperatorEnv): boolean {
  return where.every((p) => passes(valueOf(item, p), p.tests, env));
}

/** Evaluates one condition; `bindings` collects the matches of every holding `as`. */
function evaluate(
  c: CompiledCondition,
  input: EngineInput,
  bindings: Record<string, FactItem[]>,
): Result {
  const { env } = input;
  switch (c.kind) {
    case 'fact': {
      const matches = (input.facts[c.fact] ?? []).filter((i) => selects(i, c.where, env));
      const holds = c.count ? passes(matches.length, c.count, env) : matches.length > 0;
      if (holds && c.as) bindings[c.as] = matches;
      return { holds, matches };
    }
    case 'logs': {
      const matches: FactItem[] = [];
      let lines = 0;
      for (const source of input.facts.logs ?? []) {
        if (!selects(source, c.where, env)) continue;
        const path = String(source.path);
        const hits = input.logs.get(path)?.hits.get(c.patternId);
        if (!hits) continue;
        lines += hits.count;
        for (const s of hits.samples) {
          const time = lineTime(s.text);
          const { evidence: _, ...fields } = source;
          matches.push({
            ...fields,
            line: s.line,
            text: s.text,
            count: hits.count,
            time,
            evidence: [{ path, line: s.line, excerpt: s.text, ...(time ? { time } : {}) }],
          });
        }
      }
      const holds = c.count ? passes(lines, c.count, env) : lines > 0;
      if (holds && c.as) bindings[c.as] = matches;
      return { holds, matches };
    }
    case 'any': {
      const results = c.conditions.map((n) => evaluate(n, input, bindings));
      return {
        holds: results.some((r) => r.holds),
        matches: results.filter((r) => r.holds).flatMap((r) => r.matches),
      };
    }
    case 'none': {
      // Bindings made inside `none` would name things that must not exist: drop them.
      const results = c.conditions.map((n) => evaluate(n, input, {}));
      return { holds: !results.some((r) => r.holds), matches: [] };
    }
  }
}

function dedupe(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const e of evidence) {
    const key = `${e.path}\0${e.line ?? ''}\0${e.excerpt}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
    if (out.length >= maxEvidence) break;
  }
  return out;
}

/**
 * Runs one rule. Every top-level condition must hold; the finding cites the matches of
 * the conditions named in `evidence` (default: all). A rule whose appliesTo excludes the
 * bundle's target is skipped (not applicable), never failed.
 */
export function runRule(rule: LoadedRule, input: EngineInput): RuleOutcome {
  if (!rule.appliesTo.includes(input.target)) {
    return {
      rule,
      status: 'skipped',
      reason: `applies to ${rule.appliesTo.join(', ')}, the bundle is ${input.target}`,
    };
  }
  try {
    const bindings: Record<string, FactItem[]> = {};
    const cited: FactItem[] = [];
    for (const c of rule.when) {
      const r = evaluate(c, input, bindings);
      if (!r.holds) return { rule, status: 'quiet' };
      cited.push(...r.matches);
    }
    const evidence = rule.evidence
      ? rule.evidence.flatMap((name) => bindings[name] ?? []).flatMap((i) => i.evidence)
      : cited.flatMap((i) => i.evidence);
    const context = { ...input.globals, ...bindings };
    return {
      rule,
      status: 'fired',
      finding: {
        rule,
        message: rule.message(context),
        remediation: rule.remediation.map((r) => r(context)).filter((r) => r !== ''),
        evidence: dedupe(evidence),
      },
    };
  } catch (error) {
    return { rule, status: 'error', message: (error as Error).message };
  }
}

export function runRules(rules: readonly LoadedRule[], input: EngineInput): RuleOutcome[] {
  return rules.map((r) => runRule(r, input));
}
