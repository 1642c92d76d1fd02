import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { clusterListPath, nodeMetricsPath, podMetricsPath } from '@studio-support/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type ServeHandle } from './server.js';
import { get } from './testing.js';

let dir: string | undefined;
let server: ServeHandle | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = dir = undefined;
});

const nodeMetrics = {
  kind: 'NodeMetricsList',
  apiVersion: 'metrics.k8s.io/v1beta1',
  metadata: {},
  items: [
    {
      metadata: { name: 'node-1', creationTimestamp: '2026-11-25T12:00:00Z' },
      timestamp: '2026-11-25T11:59:47Z',
      window: '20.064s',
      usage: { cpu: '329087452n', memory: '2748180Ki' },
    },
  ],
};

async function serve(withMetrics: boolean): Promise<ServeHandle> {
  dir = await mkdtemp(join(tmpdir(), 'serve-metrics-'));
  const put = async (rel: string, value: unknown) => {
    await mkdir(dirname(join(dir!, rel)), { recursive: true });
    await writeFile(join(dir!, rel), JSON.stringify(value));
  };
  await put(clusterListPath('nodes'), { items: [{ metadata: { name: 'node-1' } }] });
  if (withMetrics) {
    await put(nodeMetricsPath, nodeMetrics);
    await put(podMetricsPath('studio'), {
      kind: 'PodMetricsList',
      apiVersion: 'metrics.k8s.io/v1beta1',
      items: [
        {
          metadata: { name: 'backend-1', namespace: 'studio' },
          timestamp: '2026-11-25T11:59:50Z',
          window: '15.005s',
          containers: [{ name: 'backend', usage: { cpu: '5123456n', memory: '120512Ki' } }],
        },
      ],
    });
  }
  server = await startServer({ bundle: dir });
  return server;
}

describe('serve: the metrics API', () => {
  it('is discoverable and answers node and pod metrics when the bundle holds them', async () => {
    const s = await serve(true);
    const groups = (await get(s, '/apis')).json().groups.map((g: { name: string }) => g.name);
    expect(groups).toContain('metrics.k8s.io');
    const resources = (await get(s, '/apis/metrics.k8s.io/v1beta1')).json().resources;
    expect(resources.map((r: { name: string; kind: string }) => [r.name, r.kind])).toEqual([
      ['nodes', 'NodeMetrics'],
      ['pods', 'PodMetrics'],
    ]);
    expect(resources.every((r: { categories?: string[] }) => !r.categories)).toBe(true);

    const nodes = (await get(s, '/apis/metrics.k8s.io/v1beta1/nodes')).json();
    expect(nodes.kind).toBe('NodeMetricsList');
    expect(nodes.items[0]).toMatchObject({ ...nodeMetrics.items[0], kind: 'NodeMetrics' });
    const pod = await get(s, '/apis/metrics.k8s.io/v1beta1/namespaces/studio/pods/backend-1');
    expect(pod.json()).toMatchObject({ kind: 'PodMetrics', window: '15.005s' });
    const other = (await get(s, '/apis/metrics.k8s.io/v1beta1/namespaces/other/pods')).json();
    expect(other).toMatchObject({ kind: 'PodMetricsList', items: [] });
    // The core pods and nodes are not confused with their metrics.
    expect((await get(s, '/api/v1/nodes')).json().kind).toBe('NodeList');
  });

  it('is absent, as on a cluster without metrics-server, when the bundle has no metrics', async () => {
    const s = await serve(false);
    const groups = (await get(s, '/apis')).json().groups.map((g: { name: string }) => g.name);
    expect(groups).not.toContain('metrics.k8s.io');
    for (const path of [
      '/apis/metrics.k8s.io',
      '/apis/metrics.k8s.io/v1beta1',
      '/apis/metrics.k8s.io/v1beta1/nodes',
    ]) {
      const r = await get(s, path);
      expect(r.status, path).toBe(404);
      expect(r.json().message).toBe('the server could not find the requested resource');
    }
  });
});
