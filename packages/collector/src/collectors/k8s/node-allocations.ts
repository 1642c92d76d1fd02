import {
  nodeAllocationsPath,
  parseQuantityNanos,
  resourceKindByDir,
  type NodeAllocationsFile,
} from '@studio-support/schema';
import type { Collector } from '../../bundle/index.js';
import type { KubeObject } from '../../k8s/client.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';
import { addAmounts, podAmounts, type Amounts } from './pod-requests.js';

type Amount = NodeAllocationsFile['nodes'][number]['requests'];

/** What kubectl asks for "Non-terminated Pods": every namespace, not Succeeded nor Failed. */
export const nonTerminated = 'status.phase!=Failed,status.phase!=Succeeded';

const podsKind = resourceKindByDir('pods')!;

function toAmount(a: Amounts): Amount {
  const up = (nanos: bigint | undefined, unit: bigint): number =>
    nanos === undefined ? 0 : Number((nanos + unit - 1n) / unit);
  return {
    cpuMillicores: up(a.get('cpu'), 1_000_000n),
    memoryBytes: up(a.get('memory'), 1_000_000_000n),
    ephemeralStorageBytes: up(a.get('ephemeral-storage'), 1_000_000_000n),
  };
}

function allocatableOf(node: KubeObject): Amount {
  const list = ((node.status ?? {}) as { allocatable?: Record<string, string> }).allocatable ?? {};
  const amounts: Amounts = new Map();
  for (const [name, text] of Object.entries(list)) {
    const n = parseQuantityNanos(String(text));
    if (n !== undefined) amounts.set(name, n);
  }
  const pods = amounts.get('pods');
  return {
    ...toAmount(amounts),
    ...(pods !== undefined ? { pods: Number(pods / 1_000_000_000n) } : {}),
  };
}

/**
 * "Allocated resources" of `kubectl describe node`, for every node: the requests and limits
 * of its non-terminated pods in all namespaces, summed as kubectl sums them. Pods are read
 * page by page and reduced to a few numbers each; no pod of another namespace is kept, and
 * only the sums reach the bundle. Keyed by namespace/name, so a list that restarts after an
 * expired continue token (410) counts nobody twice.
 */
export const nodeAllocations: Collector<K8sEnv> = {
  id: 'node-allocations',
  description: 'per node, requests and limits summed over its pods in every namespace',
  async collect(ctx) {
    const path = nodeAllocationsPath;
    const perPod = new Map<string, { node: string; requests: Amounts; limits: Amounts }>();
    try {
      await ctx.env.client.list(podsKind, undefined, {
        fieldSelector: nonTerminated,
        keep: (pod) => {
          const spec = (pod.spec ?? {}) as { nodeName?: string };
          perPod.set(`${pod.metadata?.namespace}/${pod.metadata?.name}`, {
            node: spec.nodeName ?? '',
            requests: podAmounts(pod, 'requests'),
            limits: podAmounts(pod, 'limits'),
          });
          return false;
        },
      });
    } catch (error) {
      ctx.error(errorRecord(error, { path, resource: 'pods' }, 'listing pods in all namespaces: '));
      return;
    }
    let nodes: KubeObject[] | undefined;
    try {
      nodes = (await ctx.env.list('nodes')).items;
    } catch {
      // cluster-resources records the failed node list; the sums stand without allocatable.
    }
    const byNode = new Map<string, { pods: number; requests: Amounts; limits: Amounts }>();
    for (const node of nodes ?? []) {
      byNode.set(node.metadata?.name ?? '', { pods: 0, requests: new Map(), limits: new Map() });
    }
    let unscheduledPods = 0;
    for (const pod of perPod.values()) {
      if (pod.node === '') {
        unscheduledPods++;
        continue;
      }
      let sum = byNode.get(pod.node);
      if (!sum) byNode.set(pod.node, (sum = { pods: 0, requests: new Map(), limits: new Map() }));
      sum.pods++;
      addAmounts(sum.requests, pod.requests);
      addAmounts(sum.limits, pod.limits);
    }
    const allocatable = new Map((nodes ?? []).map((n) => [n.metadata?.name ?? '', n]));
    const file: NodeAllocationsFile = {
      nodes: [...byNode]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, sum]) => {
          const node = allocatable.get(name);
          return {
            name,
            pods: sum.pods,
            ...(node ? { allocatable: allocatableOf(node) } : {}),
            requests: toAmount(sum.requests),
            limits: toAmount(sum.limits),
          };
        }),
      unscheduledPods,
    };
    await ctx.writeJson(path, file);
  },
};
