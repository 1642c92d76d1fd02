import { nodeAllocationsPath, validate, type NodeAllocationsFile } from '@studio-support/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { json, status } from '../../k8s/testing.js';
import { nodeAllocations, nonTerminated } from './node-allocations.js';
import { tryCollector, type CollectorTrial } from './testing.js';

let trial: CollectorTrial | undefined;
afterEach(() => trial?.close());

const container = (requests?: object, limits?: object, extra: object = {}) => ({
  name: 'c',
  resources: { ...(requests && { requests }), ...(limits && { limits }) },
  ...extra,
});
const pod = (namespace: string, name: string, node: string | undefined, spec: object) => ({
  metadata: { namespace, name },
  spec: { ...(node && { nodeName: node }), ...spec },
  status: { phase: node ? 'Running' : 'Pending' },
});

const allPods = [
  pod('studio', 'backend', 'node-1', {
    containers: [container({ cpu: '500m', memory: '1Gi' }, { cpu: '1', memory: '2Gi' })],
  }),
  // A plain init container needing more than the containers: the pod needs the larger.
  pod('monitoring', 'agent', 'node-1', {
    initContainers: [container({ cpu: '2', memory: '64Mi' })],
    containers: [container({ cpu: '100m', memory: '128Mi' })],
  }),
  // A sidecar (restartable init container) adds; pod overhead adds to requests and to set limits.
  pod('mesh', 'app', 'node-2', {
    initContainers: [container({ cpu: '50m' }, undefined, { restartPolicy: 'Always' })],
    containers: [container({ cpu: '250m', memory: '100M' }, { memory: '200M' })],
    overhead: { cpu: '10m', memory: '1Mi' },
  }),
  pod('studio', 'pending', undefined, { containers: [container({ cpu: '4' })] }),
];
const nodes = {
  items: ['node-1', 'node-2', 'node-3'].map((name) => ({
    metadata: { name },
    status: {
      allocatable: {
        cpu: '4',
        memory: '16379772Ki',
        'ephemeral-storage': '73958691987',
        pods: '110',
      },
    },
  })),
};

describe('node-allocations', () => {
  it('sums every namespace’s pods per node as kubectl describe node does, storing only sums', async () => {
    let page = 0;
    trial = await tryCollector(nodeAllocations, (_req, res, url) => {
      if (url.pathname === '/api/v1/nodes') return json(res, 200, nodes);
      if (url.pathname !== '/api/v1/pods') return status(res, 404, 'NotFound', 'not found');
      expect(url.searchParams.get('fieldSelector')).toBe(nonTerminated);
      // Two pages, and the continue token expires once: the restarted list must not double count.
      page++;
      if (url.searchParams.get('continue') && page === 2) {
        return status(res, 410, 'Expired', 'The provided continue parameter is too old');
      }
      if (!url.searchParams.get('continue')) {
        return json(res, 200, { items: allPods.slice(0, 2), metadata: { continue: 'next' } });
      }
      return json(res, 200, { items: allPods.slice(2), metadata: {} });
    });
    expect(trial.run).toMatchObject({ status: 'ok', files: [nodeAllocationsPath] });
    const file = await trial.json<NodeAllocationsFile>(nodeAllocationsPath);
    expect(validate('node-allocations', file)).toEqual([]);
    const Mi = 1024 ** 2;
    const allocatable = {
      cpuMillicores: 4000,
      memoryBytes: 16379772 * 1024,
      ephemeralStorageBytes: 73958691987,
      pods: 110,
    };
    expect(file).toEqual({
      nodes: [
        {
          name: 'node-1',
          pods: 2,
          allocatable,
          requests: {
            cpuMillicores: 500 + 2000,
            memoryBytes: 1024 * Mi + 128 * Mi,
            ephemeralStorageBytes: 0,
          },
          limits: { cpuMillicores: 1000, memoryBytes: 2048 * Mi, ephemeralStorageBytes: 0 },
        },
        {
          name: 'node-2',
          pods: 1,
          allocatable,
          requests: { cpuMillicores: 310, memoryBytes: 100_000_000 + Mi, ephemeralStorageBytes: 0 },
          limits: { cpuMillicores: 0, memoryBytes: 200_000_000 + Mi, ephemeralStorageBytes: 0 },
        },
        {
          name: 'node-3',
          pods: 0,
          allocatable,
          requests: { cpuMillicores: 0, memoryBytes: 0, ephemeralStorageBytes: 0 },
          limits: { cpuMillicores: 0, memoryBytes: 0, ephemeralStorageBytes: 0 },
        },
      ],
      unscheduledPods: 1,
    });
    // Nothing about the pods themselves: no names, no namespaces.
    const text = await trial.text(nodeAllocationsPath);
    for (const name of ['monitoring', 'agent', 'mesh', 'backend']) expect(text).not.toContain(name);
  });

  it('records why when pods cannot be listed cluster-wide', async () => {
    trial = await tryCollector(nodeAllocations, (_req, res, url) => {
      if (url.pathname === '/api/v1/nodes') return json(res, 200, nodes);
      status(
        res,
        403,
        'Forbidden',
        'pods is forbidden: User "support" cannot list resource "pods" in API group "" at the cluster scope',
      );
    });
    expect(trial.run).toMatchObject({
      status: 'failed',
      errors: [
        {
          code: 'Forbidden',
          httpStatus: 403,
          resource: 'pods',
          path: nodeAllocationsPath,
          message: expect.stringMatching(
            /^listing pods in all namespaces: 403 Forbidden: pods is forbidden/,
          ),
        },
      ],
    });
  });
});
