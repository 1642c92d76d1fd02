import type { ChainLink, Report } from '@studio-support/schema';
import { causeLayers, isCauseId } from '@studio-support/schema';

type Stage = ChainLink['stage'];

/** The request path, outside in: the order the chain is told in. */
export const stages: readonly Stage[] = ['ingress', 'service', 'endpoints', 'pods', 'dependencies'];

/** Where each cause layer sits on the request path. */
const layerStage: Record<string, Stage> = {
  tls: 'ingress',
  ingress: 'ingress',
  network: 'service',
  backend: 'pods',
  resources: 'pods',
  image: 'pods',
  startup: 'pods',
  host: 'pods',
  database: 'dependencies',
  redis: 'dependencies',
};

/**
 * Where a symptom sits, by the words its id is made of (symptoms are declared by rule
 * files, so new ones land somewhere sensible without a code change): nginx, ingress and
 * TLS are the way in; a Service or its endpoints next; everything about pods, containers
 * and their probes is the pods; what they connect to is the dependencies.
 */
export function stageOf(id: string): Stage {
  if (isCauseId(id)) return layerStage[causeLayers[id]] ?? 'pods';
  if (/^(nginx|ingress|tls|lb|load-?balancer)/.test(id)) return 'ingress';
  if (/endpoint/.test(id)) return 'endpoints';
  if (/^service/.test(id)) return 'service';
  if (/(database|postgres|redis|dns)/.test(id)) return 'dependencies';
  return 'pods';
}

/**
 * The causal chain of the best cause: each finding it explains (what users and the
 * cluster show), ordered along the request path, then the cause itself. A cause the
 * best one explains (the backend crash-loops because the database is unreachable) is a
 * consequence in the chain, not a second root.
 */
export function buildChain(causes: Report['causes'], findings: Report['findings']): ChainLink[] {
  const top = causes[0];
  if (!top) return [];
  const explained = new Set(top.explainsSymptoms);
  const links: ChainLink[] = findings
    .filter((f) => {
      const id = f.symptom ?? f.cause;
      return id !== undefined && id !== top.cause && explained.has(id);
    })
    .map((f) => {
      const id = (f.symptom ?? f.cause)!;
      return {
        stage: stageOf(id),
        role: f.cause ? 'consequence' : 'symptom',
        rule: f.rule,
        id,
        title: f.title,
        evidence: f.evidence.slice(0, 2),
      };
    });
  // Along the request path; within a stage what is observed before what explains it.
  const roles = ['symptom', 'consequence'];
  links.sort(
    (a, b) =>
      stages.indexOf(a.stage) - stages.indexOf(b.stage) ||
      roles.indexOf(a.role) - roles.indexOf(b.role),
  );
  links.push({
    stage: stageOf(top.cause),
    role: 'cause',
    rule: top.rules[0],
    id: top.cause,
    title: top.title,
    evidence: top.evidence.slice(0, 2),
  });
  return links;
}
