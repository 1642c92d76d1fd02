import { secretsMetadataPath } from '@studio-support/schema';
import { componentOf } from './component.js';
import type { FactContext } from './context.js';
import { arr, at, iso, num, rec, str, strMap, time, type Json } from './json.js';
import type { FactCollection, FactItem } from './types.js';

export interface PodRef {
  pod: Json;
  path: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  workload: string;
  workloadKind: string;
  component: string;
}

const cache = new WeakMap<FactContext, PodRef[]>();

/** Pods in scope with their owning workload resolved (Pod → ReplicaSet → Deployment). */
export function podRefs(ctx: FactContext): PodRef[] {
  let refs = cache.get(ctx);
  if (!refs) cache.set(ctx, (refs = resolvePods(ctx)));
  return refs;
}

function resolvePods(ctx: FactContext): PodRef[] {
  return ctx.scoped('pods', { withController: true }).map(({ item, path, namespace }) => {
    const meta = rec(rec(item).metadata);
    const name = str(meta.name) ?? '';
    const labels = strMap(meta.labels);
    const { kind, name: workload } = ownerOf(ctx, namespace, item);
    return {
      pod: item,
      path,
      namespace,
      name,
      labels,
      workload,
      workloadKind: kind,
      component: componentOf(labels, workload, name),
    };
  });
}

function ownerOf(ctx: FactContext, namespace: string, obj: Json): { kind: string; name: string } {
  const meta = rec(rec(obj).metadata);
  const owner = rec(
    arr(meta.ownerReferences).find((o) => rec(o).controller === true) ??
      arr(meta.ownerReferences)[0],
  );
  const kind = str(owner.kind);
  const name = str(owner.name);
  if (!kind || !name) return { kind: 'Pod', name: str(meta.name) ?? '' };
  if (kind === 'ReplicaSet') {
    const rs = (ctx.list('replicasets', namespace) ?? []).find(
      (r) => at(r, 'metadata.name') === name,
    );
    if (rs) {
      const up = ownerOf(ctx, namespace, rs);
      if (up.kind !== 'Pod') return up;
    }
    // Without the ReplicaSet list, its name is the Deployment's plus the template hash.
    const m = /^(.+)-[a-z0-9]{6,10}$/.exec(name);
    return m?.[1] ? { kind: 'Deployment', name: m[1] } : { kind, name };
  }
  return { kind, name };
}

function condition(pod: Json, type: string): Record<string, Json> | undefined {
  const c = arr(at(pod, 'status.conditions')).find((x) => rec(x).type === type);
  return c === undefined ? undefined : rec(c);
}

export const podsCollection: FactCollection = {
  name: 'pods',
  doc: "Pods in the namespaces in scope and the ingress controller's, with their workload and readiness.",
  fields: {
    namespace: { type: 'string', doc: 'Namespace.' },
    name: { type: 'string', doc: 'Pod name.' },
    component: {
      type: 'string',
      doc: 'Studio component (backend, frontend, worker, database, redis, ingress-controller, …).',
    },
    workload: {
      type: 'string',
      doc: 'Owning Deployment/StatefulSet/DaemonSet/Job name, or the pod name.',
    },
    workloadKind: { type: 'string', doc: 'Kind of the owner (Deployment, StatefulSet, …, Pod).' },
    phase: { type: 'string', doc: 'status.phase: Pending, Running, Succeeded, Failed, Unknown.' },
    ready: { type: 'boolean', doc: 'The Ready condition is True.' },
    readyContainers: { type: 'number', doc: 'Containers reporting ready.' },
    containers: { type: 'number', doc: 'Containers in the pod (not init containers).' },
    restarts: { type: 'number', doc: 'Sum of restartCount over containers.' },
    reason: { type: 'string', doc: 'status.reason (e.g. Evicted).' },
    message: { type: 'string', doc: 'status.message.' },
    node: { type: 'string', doc: 'spec.nodeName.' },
    unschedulable: { type: 'boolean', doc: 'PodScheduled is False with reason Unschedulable.' },
    scheduleMessage: { type: 'string', doc: "The PodScheduled condition's message." },
    createdAt: { type: 'date', doc: 'metadata.creationTimestamp.' },
    startTime: { type: 'date', doc: 'status.startTime.' },
    imagePullSecrets: { type: 'strings', doc: 'spec.imagePullSecrets names.' },
    missingPullSecrets: {
      type: 'strings',
      doc: 'Pull secrets the pod names that the secret metadata does not list (empty when secrets were not collected).',
    },
    labels: { type: 'map', doc: 'metadata.labels.' },
  },
};

export function buildPods(ctx: FactContext): FactItem[] {
  const secretNames = secretNamesByNamespace(ctx);
  return podRefs(ctx).map((ref) => {
    const { pod } = ref;
    const statuses = arr(at(pod, 'status.containerStatuses'));
    const ready = condition(pod, 'Ready')?.status === 'True';
    const scheduled = condition(pod, 'PodScheduled');
    const pullSecrets = arr(at(pod, 'spec.imagePullSecrets')).flatMap(
      (s) => str(rec(s).name) ?? [],
    );
    const known = secretNames.get(ref.namespace);
    const phase = str(at(pod, 'status.phase')) ?? 'Unknown';
    const readyContainers = statuses.filter((s) => rec(s).ready === true).length;
    const containers = arr(at(pod, 'spec.containers')).length;
    const restarts = statuses.reduce<number>((n, s) => n + (num(rec(s).restartCount) ?? 0), 0);
    return {
      namespace: ref.namespace,
      name: ref.name,
      component: ref.component,
      workload: ref.workload,
      workloadKind: ref.workloadKind,
      phase,
      ready,
      readyContainers,
      containers,
      restarts,
      reason: str(at(pod, 'status.reason')),
      message: str(at(pod, 'status.message')),
      node: str(at(pod, 'spec.nodeName')),
      unschedulable: scheduled?.status === 'False' && scheduled.reason === 'Unschedulable',
      scheduleMessage: str(scheduled?.message),
      createdAt: iso(time(at(pod, 'metadata.creationTimestamp'))),
      startTime: iso(time(at(pod, 'status.startTime'))),
      imagePullSecrets: pullSecrets,
      missingPullSecrets: known ? pullSecrets.filter((s) => !known.has(s)) : [],
      labels: ref.labels,
      evidence: [
        {
          path: ref.path,
          excerpt: `pod/${ref.name}: ${phase}, ${readyContainers}/${containers} ready, ${restarts} restarts${scheduled?.status === 'False' ? `, not scheduled: ${str(scheduled.message) ?? ''}` : ''}`,
        },
      ],
    };
  });
}

/** Secret names per namespace from the secret metadata files (undefined: not collected). */
export function secretNamesByNamespace(ctx: FactContext): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const ns of ctx.namespaces) {
    const doc = ctx.json(secretsMetadataPath(ns));
    if (doc === undefined) continue;
    out.set(ns, new Set(arr(rec(doc).items).flatMap((s) => str(rec(s).name) ?? [])));
  }
  return out;
}
