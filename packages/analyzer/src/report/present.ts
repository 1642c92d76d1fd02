import type { Report } from '@studio-support/schema';

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
