import type { Report } from '@studio-support/schema';
import { BundleError, readBundle, type BundleLimits } from '../bundle/index.js';
import { LineScanner, type LogScan } from '../bundle/line-scan.js';
import { buildFacts, FactContext, factScanPatterns, type Facts } from '../facts/index.js';
import { buildReport } from '../report/json.js';
import { timelineScanPatterns } from '../report/timeline.js';
import { runRules, type RuleOutcome } from './engine.js';
import { loadRules } from './load.js';
import { rank } from './rank.js';
import { RuleError } from './rule-error.js';
import type { LoadedRule } from './types.js';

export interface AnalyzeOptions {
  /** Rules already loaded; otherwise loaded from `rulesDirs` (default: the repository's rules/). */
  rules?: readonly LoadedRule[];
  rulesDirs?: string[];
  /** Run only these rule ids. */
  onlyRules?: string[];
  /** The namespace to analyze (default: the manifest's, else datachain-studio, else all). */
  namespace?: string;
  limits?: Partial<BundleLimits>;
  /** How the bundle is named in messages and the report (default: the source path). */
  label?: string;
}

export interface Analysis {
  report: Report;
  facts: Facts;
  outcomes: RuleOutcome[];
}

export function selectRules(
  rules: readonly LoadedRule[],
  only: string[] | undefined,
): readonly LoadedRule[] {
  if (!only) return rules;
  const known = new Set(rules.map((r) => r.id));
  const unknown = only.filter((id) => !known.has(id));
  if (unknown.length) {
    throw new RuleError(
      `--only-rules: expected rule ids among the loaded rules, got ${unknown.map((u) => JSON.stringify(u)).join(', ')}`,
    );
  }
  return rules.filter((r) => only.includes(r.id));
}

/**
 * Analyzes one bundle: reads it in one streaming pass (every rule's log patterns and the
 * facts layer's joined into one scan per log), builds facts, runs the rules, ranks the
 * causes and returns the report (report.schema.json). Throws BundleError or RuleError
 * for bad input; never for what the bundle says.
 */
export async function analyzeBundle(
  source: string,
  options: AnalyzeOptions = {},
): Promise<Analysis> {
  const rules = selectRules(
    options.rules ?? (await loadRules(options.rulesDirs)),
    options.onlyRules,
  );
  const scanner = new LineScanner([
    ...factScanPatterns,
    ...timelineScanPatterns,
    ...rules.flatMap((r) => r.logPatterns),
  ]);
  const label = options.label ?? source;
  const bundle = await readBundle<LogScan>(source, {
    label,
    limits: options.limits,
    scanLog: (_path, body) => scanner.scan(body),
  });
  const ctx = new FactContext(bundle, { namespace: options.namespace });
  if (options.namespace !== undefined && !ctx.available.includes(options.namespace)) {
    throw new BundleError(
      `${label}: -n ${options.namespace}: expected a namespace the bundle holds (${ctx.available.join(', ') || 'none'}), got ${JSON.stringify(options.namespace)}`,
    );
  }
  const facts = buildFacts(ctx);
  const collectedAt = ctx.collectedAt?.toISOString().replace('.000Z', 'Z');
  const outcomes = runRules(rules, {
    facts,
    logs: bundle.logs,
    target: ctx.target,
    env: { collectedAt: ctx.collectedAt },
    globals: {
      namespace: ctx.namespace,
      collectedAt,
      bundle: {
        format: bundle.format,
        target: ctx.target,
        source: label,
        kubernetes: ctx.target === 'kubernetes',
        host: ctx.target === 'host',
      },
    },
  });
  const findings = outcomes.flatMap((o) => (o.status === 'fired' ? [o.finding] : []));
  const report = buildReport({ label, ctx, facts, outcomes, ranking: rank(findings) });
  return { report, facts, outcomes };
}
