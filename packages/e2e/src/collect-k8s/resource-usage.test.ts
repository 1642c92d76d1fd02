import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type ServeHandle } from '@studio-support/analyzer';
import {
  clusterListPath,
  nodeAllocationsPath,
  nodeMetricsPath,
  parseQuantityNanos,
  podMetricsPath,
  quantityMillis,
  quantityValue,
  validate,
  type NodeAllocationsFile,
  type ResourceMetricsList,
} from '@studio-support/schema';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubectlPin } from '../kubectl.js';
import { studioNamespace as ns, type Obj } from '../scenario/index.js';
import { Kubectl, parseTable } from '../serve/kubectl-run.js';
import { json, readBundle, runCollect, serveScenario, tempDir } from './helpers.js';
import { usageStudio } from './usage-scenario.js';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});
async function setup(): Promise<string> {
  const t = await tempDir('resource-usage-');
  cleanups.push(t.cleanup);
  return t.dir;
}
function track(server: ServeHandle): ServeHandle {
  cleanups.push(() => server.close());
  return server;
}

const Mi = 1024n * 1024n * 1_000_000_000n;
const nanos = (q: string) => parseQuantityNanos(q)!;
const ceilDiv = (n: bigint, d: bigint) => (n + d - 1n) / d;

/** What `kubectl top pods` prints for a PodMetricsList (kubectl metricsutil printer). */
function expectedTopPods(list: ResourceMetricsList): Record<string, string>[] {
  return list.items
    .map((pod) => {
      const sum = (res: 'cpu' | 'memory') =>
        (pod.containers ?? []).reduce((n, c) => n + nanos(c.usage[res]), 0n);
      return {
        NAME: pod.metadata.name,
        'CPU(cores)': `${ceilDiv(sum('cpu'), 1_000_000n)}m`,
        'MEMORY(bytes)': `${sum('memory') / Mi}Mi`,
      };
    })
    .sort((a, b) => (a.NAME < b.NAME ? -1 : 1));
}

/** What `kubectl top nodes` prints: usage, and its share of the node's allocatable. */
function expectedTopNodes(list: ResourceMetricsList, nodes: Obj[]): Record<string, string>[] {
  return list.items.map((m) => {
    const node = nodes.find((n) => n.metadata.name === m.metadata.name)!;
    const allocatable = (node.status as { allocatable: Record<string, string> }).allocatable;
    const percent = (res: 'cpu' | 'memory') =>
      `${Math.trunc((quantityMillis(m.usage![res])! / quantityMillis(allocatable[res]!)!) * 100)}%`;
    return {
      NAME: m.metadata.name,
      'CPU(cores)': `${quantityMillis(m.usage!.cpu)}m`,
      'CPU(%)': percent('cpu'),
      'MEMORY(bytes)': `${nanos(m.usage!.memory) / Mi}Mi`,
      'MEMORY(%)': percent('memory'),
    };
  });
}

/** Allocated resources computed from the scenario's pods, every namespace (no init containers here). */
function expectedAllocations(pods: Obj[], nodes: Obj[]): NodeAllocationsFile {
  const active = pods.filter(
    (p) => !['Succeeded', 'Failed'].includes((p.status as { phase: string }).phase),
  );
  const sum = (which: 'requests' | 'limits', res: string, on: Obj[]) =>
    on
      .flatMap(
        (p) =>
          (p.spec as { containers: { resources: Record<string, Record<string, string>> }[] })
            .containers,
      )
      .reduce((n, c) => n + nanos(c.resources[which]?.[res] ?? '0'), 0n);
  const amounts = (which: 'requests' | 'limits', on: Obj[]) => ({
    cpuMillicores: Number(ceilDiv(sum(which, 'cpu', on), 1_000_000n)),
    memoryBytes: Number(ceilDiv(sum(which, 'memory', on), 1_000_000_000n)),
    ephemeralStorageBytes: 0,
  });
  return {
    nodes: nodes.map((node) => {
      const on = active.filter(
        (p) => (p.spec as { nodeName?: string }).nodeName === node.metadata.name,
      );
      const a = (node.status as { allocatable: Record<string, string> }).allocatable;
      return {
        name: node.metadata.name,
        pods: on.length,
        allocatable: {
          cpuMillicores: quantityMillis(a.cpu!)!,
          memoryBytes: quantityValue(a.memory!)!,
          ephemeralStorageBytes: quantityValue(a['ephemeral-storage']!)!,
          pods: quantityValue(a.pods!)!,
        },
        requests: amounts('requests', on),
        limits: amounts('limits', on),
      };
    }),
    unscheduledPods: 0,
  };
}

const readJson = async <T>(path: string): Promise<T> =>
  JSON.parse(await readFile(path, 'utf8')) as T;

describe.each<KubectlPin>(['newest', 'oldest'])('kubectl top (%s pin) against serve', (pin) => {
  let kubectl: Kubectl;
  beforeAll(async () => {
    kubectl = await Kubectl.create(pin);
  });

  it('top pods -n datachain-studio and top nodes print the scenario’s metrics', async () => {
    const dir = await setup();
    const scenario = await usageStudio();
    const server = track(await serveScenario(scenario, dir));
    const tree = join(dir, 'scenario');
    const pods = await readJson<ResourceMetricsList>(join(tree, podMetricsPath(ns)));
    expect(pods.items.length).toBeGreaterThan(3);

    const top = await kubectl.run(server.kubeconfigPath, ['top', 'pods', '-n', ns]);
    expect(top.stderr).toBe('');
    expect(parseTable(top.stdout).sort((a, b) => (a.NAME! < b.NAME! ? -1 : 1))).toEqual(
      expectedTopPods(pods),
    );

    const nodes = await kubectl.run(server.kubeconfigPath, ['top', 'nodes']);
    expect(nodes.stderr).toBe('');
    expect(parseTable(nodes.stdout)).toEqual(
      expectedTopNodes(
        await readJson<ResourceMetricsList>(join(tree, nodeMetricsPath)),
        scenario.all('Node'),
      ),
    );
  });

  it('says "Metrics API not available" for a cluster without metrics-server', async () => {
    const dir = await setup();
    const server = track(await serveScenario(await usageStudio({ metrics: false }), dir));
    const r = await kubectl.run(server.kubeconfigPath, ['top', 'nodes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('error: Metrics API not available\n');
  });
});

describe('studio-collect k8s: resource usage', () => {
  it('collects metrics and allocations; kubectl top against the served bundle prints what it holds', async () => {
    const dir = await setup();
    const scenario = await usageStudio();
    const server = track(await serveScenario(scenario, dir));
    const out = join(dir, 'usage.tar.gz');
    const r = await runCollect(['k8s', '--kubeconfig', server.kubeconfigPath, '-o', out, '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const b = await readBundle(out);
    const status = Object.fromEntries(b.manifest.collectors.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ 'resource-metrics': 'ok', 'node-allocations': 'ok' });

    // Metrics as the API served them; allocations summed over every namespace, none stored.
    const tree = join(dir, 'scenario');
    for (const path of [nodeMetricsPath, podMetricsPath(ns)]) {
      expect(validate('resource-metrics', json(b, path)), path).toEqual([]);
      expect(json<ResourceMetricsList>(b, path).items).toEqual(
        (await readJson<ResourceMetricsList>(join(tree, path))).items,
      );
    }
    const allocations = json<NodeAllocationsFile>(b, nodeAllocationsPath);
    expect(validate('node-allocations', allocations)).toEqual([]);
    expect(allocations).toEqual(expectedAllocations(scenario.all('Pod'), scenario.all('Node')));
    expect(allocations.nodes[0]!.requests.cpuMillicores).toBe(2 * 250 + 500);
    expect([...b.files.keys()].filter((p) => p.includes('monitoring'))).toEqual([]);
    expect(b.files.get(nodeAllocationsPath)!.toString()).not.toContain('prometheus');

    // The bundle served: kubectl top prints the bundle's own numbers.
    const served = track(await startServer({ bundle: out }));
    const kubectl = await Kubectl.create('newest');
    const top = await kubectl.run(served.kubeconfigPath, ['top', 'pods', '-n', ns]);
    expect(top.stderr).toBe('');
    expect(parseTable(top.stdout).sort((a, b) => (a.NAME! < b.NAME! ? -1 : 1))).toEqual(
      expectedTopPods(json<ResourceMetricsList>(b, podMetricsPath(ns))),
    );
    const nodes = await kubectl.run(served.kubeconfigPath, ['top', 'nodes']);
    expect(parseTable(nodes.stdout)).toEqual(
      expectedTopNodes(
        json<ResourceMetricsList>(b, nodeMetricsPath),
        json<{ items: Obj[] }>(b, clusterListPath('nodes')).items,
      ),
    );
  });

  it('records an absent metrics API as not available (skipped), and the bundle stays complete', async () => {
    const dir = await setup();
    const server = track(await serveScenario(await usageStudio({ metrics: false }), dir));
    const out = join(dir, 'no-metrics.tar.gz');
    const r = await runCollect(['k8s', '--kubeconfig', server.kubeconfigPath, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/; complete\n$/);
    const b = await readBundle(out);
    expect(b.manifest.collectors.find((c) => c.id === 'resource-metrics')).toMatchObject({
      status: 'skipped',
      reason: 'metrics API not available (metrics.k8s.io is not served: no metrics-server)',
      files: [],
      errors: [],
    });
    expect(b.files.has(nodeMetricsPath)).toBe(false);
    expect(b.files.has(nodeAllocationsPath)).toBe(true);
  });
});
