import type { ServerResponse } from 'node:http';
import { ingressMetricsPath, validate, type IngressMetricsFile } from '@studio-support/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { json, status } from '../../k8s/testing.js';
import { ingressMetrics } from './ingress-metrics.js';
import { tryCollector, type CollectorTrial } from './testing.js';

let trial: CollectorTrial | undefined;
afterEach(() => trial?.close());

const controller = {
  metadata: {
    name: 'ingress-nginx-controller-1',
    namespace: 'ingress-nginx',
    labels: { 'app.kubernetes.io/name': 'ingress-nginx' },
  },
  spec: {
    containers: [{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2' }],
  },
  status: { phase: 'Running' },
};

/** Series as ingress-nginx's socket collector names and labels them (sorted labels). */
const sample = (ns: string, service: string, status: string, value: number) =>
  `nginx_ingress_controller_requests{canary="",controller_class="k8s.io/ingress-nginx",controller_namespace="ingress-nginx",controller_pod="ingress-nginx-controller-1",host="studio.example.com",ingress="${service}",method="GET",namespace="${ns}",path="/",service="${service}",status="${status}"} ${value}`;
const metrics = [
  '# HELP go_goroutines Number of goroutines that currently exist.',
  '# TYPE go_goroutines gauge',
  'go_goroutines 92',
  '# HELP nginx_ingress_controller_requests The total number of client requests',
  '# TYPE nginx_ingress_controller_requests counter',
  sample('studio', 'studio-frontend', '200', 1200),
  sample('studio', 'studio-frontend', '502', 37),
  sample('shop', 'shop-web', '502', 5),
  '# HELP nginx_ingress_controller_response_duration_seconds The time spent on receiving the response from the upstream server',
  '# TYPE nginx_ingress_controller_response_duration_seconds histogram',
  'nginx_ingress_controller_response_duration_seconds_bucket{le="0.005",namespace="studio",service="studio-frontend",status="200"} 800',
  'nginx_ingress_controller_response_duration_seconds_bucket{le="+Inf",namespace="studio",service="studio-frontend",status="200"} 1200',
  'nginx_ingress_controller_response_duration_seconds_sum{namespace="studio",service="studio-frontend",status="200"} 9.5',
  'nginx_ingress_controller_response_duration_seconds_count{namespace="studio",service="studio-frontend",status="200"} 1200',
  '',
].join('\n');

function cluster(proxy: (res: ServerResponse) => void) {
  return (_req: unknown, res: ServerResponse, url: URL) => {
    if (url.pathname === '/api/v1/pods' && url.searchParams.get('labelSelector')) {
      return json(res, 200, { items: [controller] });
    }
    if (
      url.pathname ===
      '/api/v1/namespaces/ingress-nginx/pods/ingress-nginx-controller-1:10254/proxy/metrics'
    ) {
      return proxy(res);
    }
    if (url.pathname.endsWith('ingressclasses') || url.pathname.endsWith('ingresses')) {
      return json(res, 200, { items: [] });
    }
    status(res, 404, 'NotFound', 'not found');
  };
}

describe('ingress-metrics', () => {
  it("keeps the Studio namespace's request and upstream-time series of each controller pod", async () => {
    trial = await tryCollector(
      ingressMetrics,
      cluster((res) => {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(metrics);
      }),
    );
    const path = ingressMetricsPath('ingress-nginx', 'ingress-nginx-controller-1');
    expect(trial.run).toMatchObject({ status: 'ok', files: [path], errors: [] });
    const file = await trial.json<IngressMetricsFile>(path);
    expect(validate('ingress-metrics', file)).toEqual([]);
    expect(file.droppedSamples).toBe(1);
    expect(file.families.map((f) => [f.name, f.type, f.samples.length])).toEqual([
      ['nginx_ingress_controller_requests', 'counter', 2],
      ['nginx_ingress_controller_response_duration_seconds', 'histogram', 4],
    ]);
    expect(file.families[0]!.samples[1]).toMatchObject({
      labels: { namespace: 'studio', service: 'studio-frontend', status: '502' },
      value: 37,
    });
    expect(JSON.stringify(file)).not.toContain('shop');
  });

  it('is skipped when the controller serves no metrics (404)', async () => {
    trial = await tryCollector(
      ingressMetrics,
      cluster((res) => {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found\n');
      }),
    );
    expect(trial.run).toMatchObject({
      status: 'skipped',
      reason: 'ingress-nginx serves no /metrics on port 10254 (metrics disabled)',
    });
  });

  it('a scrape that stalls ends at the request timeout and keeps nothing half-read', async () => {
    trial = await tryCollector(
      ingressMetrics,
      cluster((res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write(metrics.slice(0, 300));
      }),
      { requestTimeoutMs: 300 },
    );
    expect(trial.run).toMatchObject({
      status: 'failed',
      files: [],
      errors: [
        {
          code: 'Timeout',
          resource: 'pods/proxy',
          path: ingressMetricsPath('ingress-nginx', 'ingress-nginx-controller-1'),
          message: 'ingress-nginx-controller-1: metrics cut short, not kept: no data within 300ms',
        },
      ],
    });
  });
});
