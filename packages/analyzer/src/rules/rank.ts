import { causeLayers, type CauseId, type RankedCause, type Report } from '@studio-support/schema';
import type { Finding } from './engine.js';

/**
 * Depth of each layer, deepest first: what everything else stands on. The order of the
 * seed guide's recovery (Database → Redis → Backend → Frontend → Worker), below it what
 * lets pods exist at all (host, image, startup configuration, resources), above it the
 * path a request takes in (Service → Ingress → TLS).
 */
export const layerOrder = [
  'host',
  'image',
  'startup',
  'resources',
  'database',
  'redis',
  'backend',
  'network',
  'ingress',
  'tls',
] as const;

const severityOrder = ['critical', 'warning', 'info'];

export interface Ranking {
  verdict: Report['verdict'];
  causes: RankedCause[];
  /** Symptoms observed (from symptom findings). */
  symptoms: string[];
  /** Of those, the critical ones: what makes a bundle unhealthy. */
  criticalSymptoms: string[];
}

/**
 * Ranks the causes the findings establish. A cause another found cause explains (the
 * backend crash-loops *because* the database is unreachable) ranks below it; then causes
 * explaining more of the observed symptoms (502s, connect() refused, endpoints not
 * ready, failing probes) rank higher; ties go to the deeper layer, then severity.
 */
export function rank(findings: readonly Finding[]): Ranking {
  const symptoms = [...new Set(findings.flatMap((f) => f.rule.symptom ?? []))];
  const byCause = new Map<CauseId, Finding[]>();
  for (const f of findings) {
    if (!f.rule.cause) continue;
    const list = byCause.get(f.rule.cause) ?? [];
    list.push(f);
    byCause.set(f.rule.cause, list);
  }
  const found = new Set<string>(byCause.keys());
  const observed = new Set<string>([...symptoms, ...found]);
  const explains = new Map<CauseId, string[]>();
  for (const [cause, fs] of byCause) {
    explains.set(
      cause,
      [...new Set(fs.flatMap((f) => f.rule.explains))].filter(
        (s) => s !== cause && observed.has(s),
      ),
    );
  }
  const explainedBy = (cause: CauseId): boolean =>
    [...explains].some(
      ([other, list]) =>
        other !== cause && list.includes(cause) && !(explains.get(cause) ?? []).includes(other),
    );

  const causes = [...byCause].map(([cause, fs]): RankedCause & { key: (number | string)[] } => {
    const layer = causeLayers[cause];
    const layerIndex = (layerOrder as readonly string[]).indexOf(layer);
    const explained = explains.get(cause) ?? [];
    const consequence = explainedBy(cause);
    const severity = Math.min(...fs.map((f) => severityOrder.indexOf(f.rule.severity)));
    const seen = new Set<string>();
    const evidence = fs
      .flatMap((f) => f.evidence)
      .filter((e) => {
        const k = `${e.path}\0${e.line ?? ''}\0${e.excerpt}`;
        return seen.has(k) ? false : (seen.add(k), true);
      });
    return {
      cause,
      layer,
      title: fs[0]!.rule.title,
      explanation: fs.map((f) => f.message).join('\n'),
      evidence,
      remediation: [...new Set(fs.flatMap((f) => f.remediation))],
      rules: fs.map((f) => f.rule.id) as [string, ...string[]],
      explainsSymptoms: explained,
      score: (consequence ? 0 : 1000) + 10 * explained.length + (layerOrder.length - layerIndex),
      key: [consequence ? 1 : 0, -explained.length, layerIndex, severity, cause],
    };
  });
  causes.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const x = a.key[i]!;
      const y = b.key[i]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  const ranked = causes.map(({ key: _, ...c }) => c);
  const criticalSymptoms = [
    ...new Set(
      findings.flatMap((f) =>
        f.rule.symptom && f.rule.severity === 'critical' ? [f.rule.symptom] : [],
      ),
    ),
  ];
  return {
    verdict:
      ranked.length > 0
        ? 'cause-found'
        : criticalSymptoms.length > 0
          ? 'no-cause-found'
          : 'healthy',
    causes: ranked,
    symptoms,
    criticalSymptoms,
  };
}
