import {
  nodeMetricsPath,
  podMetricsPath,
  validate,
  type ResourceMetricsList,
} from '@studio-support/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { json, status } from '../../k8s/testing.js';
import { resourceMetrics } from './resource-metrics.js';
import { tryCollector, type CollectorTrial } from './testing.js';

let trial: CollectorTrial | undefined;
afterEach(() => trial?.close());

// Shapes as metrics-server serves them (kubectl get --raw /apis/metrics.k8s.io/v1beta1/...).
const nodes = {
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
const pods = {
  kind: 'PodMetricsList',
  apiVersion: 'metrics.k8s.io/v1beta1',
  metadata: {},
  items: [
    {
      metadata: {
        name: 'backend-1',
        namespace: 'studio',
        creationTimestamp: '2026-11-25T12:00:00Z',
      },
      timestamp: '2026-11-25T11:59:50Z',
      window: '15.005s',
      containers: [{ name: 'backend', usage: { cpu: '5123456n', memory: '120512Ki' } }],
    },
  ],
};

describe('resource-metrics', () => {
  it('stores node and Studio pod metrics as the metrics API serves them', async () => {
    trial = await tryCollector(resourceMetrics, (_req, res, url) => {
      if (url.pathname === '/apis/metrics.k8s.io/v1beta1/nodes') return json(res, 200, nodes);
      if (url.pathname === '/apis/metrics.k8s.io/v1beta1/namespaces/studio/pods') {
        return json(res, 200, pods);
      }
      status(res, 404, 'NotFound', 'the server could not find the requested resource');
    });
    expect(trial.run).toMatchObject({
      status: 'ok',
      files: [nodeMetricsPath, podMetricsPath('studio')],
    });
    const stored = await trial.json<ResourceMetricsList>(podMetricsPath('studio'));
    expect(validate('resource-metrics', stored)).toEqual([]);
    expect(stored).toEqual(pods);
    expect(await trial.json(nodeMetricsPath)).toEqual(nodes);
  });

  it('is skipped, not failed, when the cluster serves no metrics API', async () => {
    trial = await tryCollector(resourceMetrics, (_req, res) =>
      status(res, 404, 'NotFound', 'the server could not find the requested resource'),
    );
    expect(trial.run).toMatchObject({
      status: 'skipped',
      reason: 'metrics API not available (metrics.k8s.io is not served: no metrics-server)',
      files: [],
      errors: [],
    });
    expect(trial.api.seen).toHaveLength(1);
  });

  it('records a metrics-server that is registered but does not answer', async () => {
    trial = await tryCollector(resourceMetrics, (_req, res, url) => {
      if (url.pathname.endsWith('/nodes')) return json(res, 200, nodes);
      status(
        res,
        503,
        'ServiceUnavailable',
        'the server is currently unable to handle the request',
      );
    });
    expect(trial.run.status).toBe('partial');
    expect(trial.run.errors).toEqual([
      {
        message: '503 Service Unavailable: the server is currently unable to handle the request',
        code: 'ServiceUnavailable',
        httpStatus: 503,
        resource: 'pods.metrics.k8s.io',
        path: podMetricsPath('studio'),
      },
    ]);
  });
});
