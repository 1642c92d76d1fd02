import {
  nodeAllocationsPath,
  nodeMetricsPath,
  podMetricsPath,
  quantityMillis,
  quantityValue,
  type NodeAllocationsFile,
  type ResourceMetricsList,
} from '@studio-support/schema';
import { componentOf } from './component.js';
import type { FactContext } from './context.js';
import { arr, at, rec, str, strMap } from './json.js';
import type { Evidence, FactCollection, FactItem, Facts } from './types.js';

export const containerUsageCollection: FactCollection = {
  name: 'containerUsage',
  doc: 'CPU and memory each Studio container uses now (metrics-server, as `kubectl top pods --containers` shows it) against its requests and limits.',
  fields: {
    namespace: { type: 'string', doc: 'Namespace.' },
    pod: { type: 'string', doc: 'Pod name.' },
    container: { type: 'string', doc: 'Container name.' },
    component: { type: 'string', doc: "The pod's Studio component." },
    cpuMillicores: { type: 'number', doc: 'CPU in use, millicores.' },
    memoryBytes: { type: 'number', doc: 'Memory in use (working set), bytes.' },
    cpuRequestMillicores: { type: 'number', doc: 'resources.requests.cpu, when set.' },
    cpuLimitMillicores: { type: 'number', doc: 'resources.limits.cpu, when set.' },
    memoryRequestBytes: { type: 'number', doc: 'resources.requests.memory, when set.' },
    memoryLimitBytes: { type: 'number', doc: 'resources.limits.memory, when set.' },
    memoryPercentOfLimit: {
      type: 'number',
      doc: 'Memory in use as a whole percentage of the limit.',
    },
    cpuPercentOfLimit: { type: 'number', doc: 'CPU in use as a whole percentage of the limit.' },
  },
};

export const nodeResourcesCollection: FactCollection = {
  name: 'nodeResources',
  doc: 'Per node: what all its pods (every namespace) request and limit, as "Allocated resources" of `kubectl describe node`, and what it uses now (`kubectl top nodes`), against allocatable.',
  fields: {
    name: { type: 'string', doc: 'Node name.' },
    pods: { type: 'number', doc: 'Non-terminated pods on it, every namespace.' },
    cpuAllocatableMillicores: { type: 'number', doc: 'status.allocatable.cpu.' },
    memoryAllocatableBytes: { type: 'number', doc: 'status.allocatable.memory.' },
    cpuRequestedPercent: { type: 'number', doc: 'CPU requests of its pods, % of allocatable.' },
    memoryRequestedPercent: {
      type: 'number',
      doc: 'Memory requests of its pods, % of allocatable.',
    },
    cpuLimitsPercent: {
      type: 'number',
      doc: 'CPU limits of its pods, % of allocatable (may exceed 100).',
    },
    memoryLimitsPercent: {
      type: 'number',
      doc: 'Memory limits of its pods, % of allocatable (may exceed 100).',
    },
    cpuUsedPercent: { type: 'number', doc: 'CPU in use now, % of allocatable.' },
    memoryUsedPercent: { type: 'number', doc: 'Memory in use now, % of allocatable.' },
    memoryPressure: { type: 'boolean', doc: 'The node reports MemoryPressure.' },
    unscheduledPods: {
      type: 'number',
      doc: 'Pods bound to no node, every namespace (cluster-wide).',
    },
  },
};

const Mi = 1024 * 1024;
export const mebibytes = (bytes: number): string =>
  bytes >= 10 * 1024 * Mi ? `${(bytes / (1024 * Mi)).toFixed(1)}Gi` : `${Math.round(bytes / Mi)}Mi`;

/** kubectl's whole percentages: truncated, as `kubectl top` and `describe node` print them. */
const percent = (part: number | undefined, whole: number | undefined): number | undefined =>
  part === undefined || !whole ? undefined : Math.trunc((part / whole) * 100);

const quantity = (v: unknown, millis: boolean): number | undefined => {
  const text = str(v);
  if (text === undefined) return undefined;
  return millis ? quantityMillis(text) : quantityValue(text);
};

export function buildContainerUsage(ctx: FactContext): FactItem[] {
  const out: FactItem[] = [];
  for (const ns of ctx.namespaces) {
    const path = podMetricsPath(ns);
    const metrics = ctx.json(path) as ResourceMetricsList | undefined;
    if (!metrics || !Array.isArray(metrics.items)) continue;
    const pods = new Map((ctx.list('pods', ns) ?? []).map((p) => [str(at(p, 'metadata.name')), p]));
    for (const m of metrics.items) {
      const pod = pods.get(m.metadata?.name);
      const labels = strMap(at(pod, 'metadata.labels'));
      const specs = arr(at(pod, 'spec.containers')).map(rec);
      for (const c of m.containers ?? []) {
        const spec = specs.find((s) => s.name === c.name);
        const cpu = quantity(c.usage?.cpu, true);
        const memory = quantity(c.usage?.memory, false);
        const memoryLimit = quantity(at(spec, 'resources.limits.memory'), false);
        const cpuLimit = quantity(at(spec, 'resources.limits.cpu'), true);
        const ofLimit = percent(memory, memoryLimit);
        out.push({
          namespace: ns,
          pod: m.metadata.name,
          container: c.name,
          component: componentOf(labels, m.metadata.name),
          cpuMillicores: cpu,
          memoryBytes: memory,
          cpuRequestMillicores: quantity(at(spec, 'resources.requests.cpu'), true),
          cpuLimitMillicores: cpuLimit,
          memoryRequestBytes: quantity(at(spec, 'resources.requests.memory'), false),
          memoryLimitBytes: memoryLimit,
          memoryPercentOfLimit: ofLimit,
          cpuPercentOfLimit: percent(cpu, cpuLimit),
          evidence: [
            {
              path,
              excerpt: `${m.metadata.name}/${c.name}: ${memory === undefined ? '?' : mebibytes(memory)} memory${memoryLimit ? ` of its ${mebibytes(memoryLimit)} limit (${String(ofLimit)}%)` : ' (no limit)'}, ${String(cpu)}m CPU, at ${m.timestamp}`,
            },
          ],
        });
      }
    }
  }
  return out;
}

export function buildNodeResources(ctx: FactContext, facts: Facts): FactItem[] {
  const allocations = ctx.json(nodeAllocationsPath) as NodeAllocationsFile | undefined;
  const usage = ctx.json(nodeMetricsPath) as ResourceMetricsList | undefined;
  const names = new Set([
    ...(allocations?.nodes ?? []).map((n) => n.name),
    ...(usage?.items ?? []).map((n) => n.metadata.name),
  ]);
  const nodes = ctx.clusterList('nodes')?.items ?? [];
  return [...names].sort().map((name) => {
    const a = allocations?.nodes?.find((n) => n.name === name);
    const u = usage?.items?.find((n) => n.metadata.name === name);
    const node = nodes.find((n) => at(n, 'metadata.name') === name);
    const cpuAlloc =
      a?.allocatable?.cpuMillicores ?? quantity(at(node, 'status.allocatable.cpu'), true);
    const memAlloc =
      a?.allocatable?.memoryBytes ?? quantity(at(node, 'status.allocatable.memory'), false);
    const cpuUsed = quantity(u?.usage?.cpu, true);
    const memUsed = quantity(u?.usage?.memory, false);
    const evidence: Evidence[] = [];
    if (a) {
      evidence.push({
        path: nodeAllocationsPath,
        excerpt: `node/${name}: ${a.pods} pods request ${a.requests.cpuMillicores}m CPU (${String(percent(a.requests.cpuMillicores, cpuAlloc))}%) and ${mebibytes(a.requests.memoryBytes)} memory (${String(percent(a.requests.memoryBytes, memAlloc))}%) of ${String(cpuAlloc)}m / ${memAlloc === undefined ? '?' : mebibytes(memAlloc)} allocatable; limits ${mebibytes(a.limits.memoryBytes)} memory (${String(percent(a.limits.memoryBytes, memAlloc))}%)`,
      });
    }
    if (u) {
      evidence.push({
        path: nodeMetricsPath,
        excerpt: `node/${name} uses ${String(cpuUsed)}m CPU (${String(percent(cpuUsed, cpuAlloc))}%) and ${memUsed === undefined ? '?' : mebibytes(memUsed)} memory (${String(percent(memUsed, memAlloc))}%) at ${u.timestamp}`,
      });
    }
    const pressure = (facts.nodes ?? []).find((n) => n.name === name)?.memoryPressure;
    return {
      name,
      pods: a?.pods,
      cpuAllocatableMillicores: cpuAlloc,
      memoryAllocatableBytes: memAlloc,
      cpuRequestedPercent: percent(a?.requests.cpuMillicores, cpuAlloc),
      memoryRequestedPercent: percent(a?.requests.memoryBytes, memAlloc),
      cpuLimitsPercent: percent(a?.limits.cpuMillicores, cpuAlloc),
      memoryLimitsPercent: percent(a?.limits.memoryBytes, memAlloc),
      cpuUsedPercent: percent(cpuUsed, cpuAlloc),
      memoryUsedPercent: percent(memUsed, memAlloc),
      memoryPressure: typeof pressure === 'boolean' ? pressure : undefined,
      unscheduledPods: allocations?.unscheduledPods,
      evidence,
    };
  });
}
