import { resourceKinds } from '@studio-support/schema';
import type { KubeList, KubeObject } from '../../k8s/client.js';
import type { IngressController } from './discover-ingress-controller.js';
import type { K8sEnv } from './env.js';

/** The collector whose manifest entry answers for a namespace's files. */
export type ScopeOwner = 'studio-resources' | 'ingress-controller' | 'kube-system-dns';

/** One namespace to collect from: which kinds, and which of its pods (with their events). */
export interface Scope {
  namespace: string;
  owner: ScopeOwner;
  /** Folder names under cluster-resources/ (resourceKinds' `dir`). */
  kinds: readonly string[];
  /** The pods that belong; undefined: every pod of the namespace. */
  pod?: (pod: KubeObject) => boolean;
}

/** Every namespaced kind the bundle format knows. */
export const studioKinds: readonly string[] = resourceKinds
  .filter((k) => k.namespaced)
  .map((k) => k.dir);

/** What the 502 checklist looks at for an ingress controller: its pods, their events, its LB. */
export const controllerKinds: readonly string[] = [
  'pods',
  'events',
  'services',
  'endpoints',
  'deployments',
  'daemonsets',
  'configmaps',
];

/** CoreDNS and the older kube-dns both carry this label. */
export const dnsSelector = { key: 'k8s-app', value: 'kube-dns' };

const isDnsPod = (pod: KubeObject): boolean =>
  pod.metadata?.labels?.[dnsSelector.key] === dnsSelector.value;

export function studioScope(namespace: string): Scope {
  return { namespace, owner: 'studio-resources', kinds: studioKinds };
}

/**
 * The other namespaces: the ingress controller's, when it has one of its own, and
 * kube-system's DNS pods (with the controller's pods when it runs there too). Each namespace
 * appears once, so no file is written by two collectors.
 */
export function otherScopes(studioNamespace: string, found?: IngressController): Scope[] {
  const scopes: Scope[] = [];
  const ns = found?.namespace;
  if (found && ns !== studioNamespace && ns !== 'kube-system') {
    scopes.push({
      namespace: found.namespace,
      owner: 'ingress-controller',
      kinds: controllerKinds,
    });
  }
  if (studioNamespace !== 'kube-system') {
    const controllerPods = new Set(ns === 'kube-system' ? found?.pods : []);
    scopes.push({
      namespace: 'kube-system',
      owner: 'kube-system-dns',
      kinds: controllerPods.size > 0 ? ['pods', 'events', 'services'] : ['pods', 'events'],
      pod: (pod) => isDnsPod(pod) || controllerPods.has(pod.metadata?.name ?? ''),
    });
  }
  return scopes;
}

/**
 * A kind's list as the scope sees it: pods narrowed to the scope's pods, events to those
 * about them or their owners (ReplicaSet, Deployment, DaemonSet); other kinds whole.
 */
export async function scopedList(env: K8sEnv, scope: Scope, dir: string): Promise<KubeList> {
  const list = await env.list(dir, scope.namespace);
  if (!scope.pod || (dir !== 'pods' && dir !== 'events')) return list;
  const pods = dir === 'pods' ? list : await env.list('pods', scope.namespace);
  const kept = pods.items.filter(scope.pod);
  if (dir === 'pods') return { ...list, items: kept };
  const related = relatedObjects(kept);
  return {
    ...list,
    items: list.items.filter((event) => {
      const o = (event.involvedObject ?? {}) as { kind?: string; name?: string };
      return related.has(`${o.kind}/${o.name}`);
    }),
  };
}

/** "Pod/x", its owners, and the Deployment behind a ReplicaSet (name minus pod-template-hash). */
export function relatedObjects(pods: readonly KubeObject[]): Set<string> {
  const out = new Set<string>();
  for (const pod of pods) {
    const meta = pod.metadata ?? {};
    out.add(`Pod/${meta.name}`);
    const owners = (meta.ownerReferences ?? []) as { kind?: string; name?: string }[];
    const hash = meta.labels?.['pod-template-hash'];
    for (const owner of owners) {
      out.add(`${owner.kind}/${owner.name}`);
      if (owner.kind === 'ReplicaSet' && hash && owner.name?.endsWith(`-${hash}`)) {
        out.add(`Deployment/${owner.name.slice(0, -hash.length - 1)}`);
      }
    }
  }
  return out;
}
