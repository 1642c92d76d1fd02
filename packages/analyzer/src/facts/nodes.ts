import type { FactContext } from './context.js';
import { arr, at, rec, str } from './json.js';
import type { FactCollection, FactItem } from './types.js';

export const nodesCollection: FactCollection = {
  name: 'nodes',
  doc: 'Cluster nodes: readiness, pressure conditions, taints.',
  fields: {
    name: { type: 'string', doc: 'Node name.' },
    ready: { type: 'boolean', doc: 'Ready condition True.' },
    memoryPressure: { type: 'boolean', doc: 'MemoryPressure True.' },
    diskPressure: { type: 'boolean', doc: 'DiskPressure True.' },
    pidPressure: { type: 'boolean', doc: 'PIDPressure True.' },
    unschedulable: { type: 'boolean', doc: 'Cordoned.' },
    allocatableMemory: { type: 'string', doc: 'status.allocatable.memory.' },
    taints: { type: 'strings', doc: 'key=value:effect.' },
  },
};

export function buildNodes(ctx: FactContext): FactItem[] {
  const list = ctx.clusterList('nodes');
  if (!list) return [];
  return list.items.map((n) => {
    const cond = (type: string): boolean =>
      arr(at(n, 'status.conditions')).some((c) => rec(c).type === type && rec(c).status === 'True');
    const name = str(at(n, 'metadata.name')) ?? '';
    const taints = arr(at(n, 'spec.taints')).map((t) => {
      const r = rec(t);
      return `${String(r.key)}${r.value ? `=${String(r.value)}` : ''}:${String(r.effect)}`;
    });
    const flags = ['MemoryPressure', 'DiskPressure', 'PIDPressure'].filter(cond);
    return {
      name,
      ready: cond('Ready'),
      memoryPressure: cond('MemoryPressure'),
      diskPressure: cond('DiskPressure'),
      pidPressure: cond('PIDPressure'),
      unschedulable: at(n, 'spec.unschedulable') === true,
      allocatableMemory: str(at(n, 'status.allocatable.memory')),
      taints,
      evidence: [
        {
          path: list.path,
          excerpt: `node/${name}: ${cond('Ready') ? 'Ready' : 'NotReady'}${flags.length ? `, ${flags.join(', ')}` : ''}${taints.length ? `, taints ${taints.join(', ')}` : ''}`,
        },
      ],
    };
  });
}
