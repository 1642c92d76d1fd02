import type { ChainLink, Report } from '@studio-support/schema';

/** Words shared by the Markdown and HTML reports, so both say the same thing. */
export const verdictWords: Record<Report['verdict'], string> = {
  'cause-found': 'Cause found',
  'no-cause-found': 'No cause found',
  healthy: 'Healthy',
};

/** Remediation items are commands, except prose steps ("Raise the limit …, then:"). */
export function isCommand(step: string): boolean {
  return !/^[A-Z][^`]*[.:]$/.test(step.trim());
}

export function where(e: { path: string; line?: number }): string {
  return e.line !== undefined ? `${e.path}:${e.line}` : e.path;
}

/** What each stage of the request path is called on the bundle's kind of install. */
export function stageLabel(stage: ChainLink['stage'], target: Report['bundle']['target']): string {
  const host: Record<ChainLink['stage'], string> = {
    ingress: 'nginx',
    service: 'upstream',
    endpoints: 'upstream',
    pods: 'containers',
    dependencies: 'dependencies',
  };
  const k8s: Record<ChainLink['stage'], string> = {
    ingress: 'ingress',
    service: 'service',
    endpoints: 'endpoints',
    pods: 'pods',
    dependencies: 'dependencies',
  };
  return (target === 'host' ? host : k8s)[stage];
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Problems the findings show, besides the best cause itself: symptoms and other causes. */
export function observed(r: Report): string[] {
  const top = r.causes[0]?.cause;
  return [
    ...new Set(
      r.findings
        .filter((f) => f.severity === 'critical')
        .flatMap((f) => f.symptom ?? f.cause ?? [])
        .filter((id) => id !== top),
    ),
  ];
}

/** Why the verdict can be trusted, in one sentence: the rule, its evidence, what it explains. */
export function confidenceBasis(r: Report): string {
  const top = r.causes[0];
  const missing = r.missing.length
    ? `; ${plural(r.missing.length, 'piece')} of evidence could not be collected`
    : '';
  if (!top) {
    const seen = observed(r);
    if (r.verdict === 'no-cause-found')
      return `${plural(seen.length, 'critical symptom')} observed (${seen.join(', ')}), but no rule matched a root cause${missing}.`;
    const warnings = r.findings.filter((f) => f.severity !== 'critical').length;
    return `No rule found a critical symptom${warnings ? `; ${plural(warnings, 'warning')} below` : ''}${missing}.`;
  }
  const files = new Set(top.evidence.map((e) => e.path)).size;
  const seen = observed(r);
  const explained = top.explainsSymptoms.filter((s) => seen.includes(s));
  const others = r.causes.slice(1);
  const explainedOthers = others.filter((c) => top.explainsSymptoms.includes(c.cause));
  return [
    `Established by rule ${top.rules.join(', ')} from ${plural(top.evidence.length, 'evidence line')} in ${plural(files, 'file')}`,
    seen.length
      ? `; it explains ${explained.length} of the ${plural(seen.length, 'other problem')} observed${explained.length ? ` (${explained.join(', ')})` : ''}`
      : '',
    others.length
      ? `; ${plural(others.length, 'other cause')} ranked below${explainedOthers.length ? `, ${explainedOthers.length === others.length ? 'all' : explainedOthers.length} explained by it` : ''}`
      : '',
    missing,
    '.',
  ].join('');
}

export function bundleLine(r: Report): string {
  const b = r.bundle;
  const parts = [
    b.format === 'studio' ? 'studio-collect bundle' : `${b.format} bundle`,
    b.target,
    b.namespace ? `namespace ${b.namespace}` : undefined,
    b.hostname ? `host ${b.hostname}` : undefined,
    b.collectedAt
      ? `collected ${b.collectedAt}${b.collectedAtEstimated ? ' (estimated from the newest timestamp in the bundle)' : ''}`
      : 'collection time unknown',
    b.serverVersion ? `Kubernetes ${b.serverVersion}` : undefined,
    b.collectorVersion ? `studio-collect ${b.collectorVersion}` : undefined,
    b.partialCollectors?.length
      ? `incomplete collectors: ${b.partialCollectors.join(', ')}`
      : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** "−2m 40s" before the collection, "+5s" after; undefined without a collection time. */
export function relativeTime(time: string, collectedAt: string | null): string | undefined {
  if (!collectedAt) return undefined;
  const s = Math.round((Date.parse(time) - Date.parse(collectedAt)) / 1000);
  if (!Number.isFinite(s)) return undefined;
  const a = Math.abs(s);
  const text =
    a < 60
      ? `${a}s`
      : a < 3600
        ? `${Math.floor(a / 60)}m${a % 60 ? ` ${a % 60}s` : ''}`
        : a < 86400
          ? `${Math.floor(a / 3600)}h${Math.floor((a % 3600) / 60) ? ` ${Math.floor((a % 3600) / 60)}m` : ''}`
          : `${Math.floor(a / 86400)}d${Math.floor((a % 86400) / 3600) ? ` ${Math.floor((a % 86400) / 3600)}h` : ''}`;
  return s < 0 ? `−${text}` : s === 0 ? 'at collection' : `+${text}`;
}
