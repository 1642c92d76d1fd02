import { clusterVersionPath, type Report } from '@studio-support/schema';
import type { FactContext } from '../facts/context.js';
import { at, str } from '../facts/json.js';
import type { Facts } from '../facts/types.js';
import type { RuleOutcome } from '../rules/engine.js';
import type { Ranking } from '../rules/rank.js';
import { toolVersion } from '../version.js';
import { buildChain } from './chain.js';
import { buildTimeline } from './timeline.js';

export interface ReportInput {
  label: string;
  ctx: FactContext;
  facts: Facts;
  outcomes: readonly RuleOutcome[];
  ranking: Ranking;
}

/** The verdict in one sentence, as the CLI prints it and the report leads with it. */
function summarize(input: ReportInput, missing: Report['missing']): string {
  const { ranking } = input;
  const top = ranking.causes[0];
  if (top) {
    const first = top.explanation.split('\n')[0] ?? '';
    return `${top.title}: ${first}`;
  }
  if (ranking.verdict === 'no-cause-found') {
    const lacking = missing
      .filter((m) => (m.decides ?? []).length > 0)
      .slice(0, 3)
      .map((m) => m.what);
    return `Studio shows ${ranking.criticalSymptoms.join(', ')}, but no rule found the cause${lacking.length ? `; the bundle lacks ${lacking.join(', ')}` : ''}.`;
  }
  const warnings = input.outcomes.filter(
    (o) => o.status === 'fired' && o.rule.severity !== 'critical',
  ).length;
  return `No sign of a 502 and no cause found${warnings ? `; ${warnings} warning${warnings === 1 ? '' : 's'} below` : ''}.`;
}

export function buildReport(input: ReportInput): Report {
  const { ctx, facts, outcomes, ranking } = input;
  const manifest = ctx.manifest;
  const target = manifest?.target;
  const missing: Report['missing'] = (facts.missing ?? []).map((m) => ({
    what: String(m.what),
    ...(m.path !== undefined ? { path: String(m.path) } : {}),
    reason: String(m.reason),
    decides: (m.decides as string[]) ?? [],
  }));
  const serverVersion =
    (target?.kind === 'kubernetes' ? target.serverVersion : undefined) ??
    str(at(ctx.json(clusterVersionPath), 'gitVersion'));
  const partial =
    manifest?.collectors
      .filter((c) => c.status === 'partial' || c.status === 'failed')
      .map((c) => c.id) ?? [];
  const findings: Report['findings'] = outcomes.flatMap((o) =>
    o.status !== 'fired'
      ? []
      : [
          {
            rule: o.rule.id,
            ...(o.rule.cause ? { cause: o.rule.cause } : {}),
            ...(o.rule.symptom ? { symptom: o.rule.symptom } : {}),
            title: o.rule.title,
            severity: o.rule.severity,
            message: o.finding.message,
            evidence: o.finding.evidence,
            ...(o.finding.remediation.length ? { remediation: o.finding.remediation } : {}),
          },
        ],
  );
  const errors = outcomes.flatMap((o) =>
    o.status === 'error' ? [{ rule: o.rule.id, message: o.message }] : [],
  );
  return {
    formatVersion: 1,
    tool: { name: 'studio-analyze', version: toolVersion },
    bundle: {
      source: input.label,
      format: ctx.bundle.format,
      target: ctx.target,
      collectedAt: ctx.collectedAt ? ctx.collectedAt.toISOString().replace('.000Z', 'Z') : null,
      collectedAtEstimated: ctx.collectedAtEstimated,
      namespace: ctx.namespaces.length === 1 ? ctx.namespaces[0]! : ctx.namespaces.join(','),
      ...(serverVersion ? { serverVersion } : {}),
      ...(target?.kind === 'host' && target.hostname ? { hostname: target.hostname } : {}),
      ...(manifest ? { collectorVersion: manifest.tool.version } : {}),
      ...(partial.length ? { partialCollectors: partial } : {}),
    },
    verdict: ranking.verdict,
    summary: summarize(input, missing),
    causes: ranking.causes,
    findings,
    missing,
    chain: buildChain(ranking.causes, findings),
    timeline: buildTimeline(ctx, facts),
    ...(errors.length ? { errors } : {}),
  };
}
