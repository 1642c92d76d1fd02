import { join } from 'node:path';
import { startServer } from '@studio-support/analyzer';
import { prometheusQueries } from '@studio-support/collector';
import {
  ingressMetricsPath,
  prometheusQueriesPath,
  validate,
  type IngressMetricsFile,
  type PrometheusQueriesFile,
} from '@studio-support/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePrometheus, type VectorSample } from '../prometheus/fake-prometheus.js';
import { recordControllerMetrics, studioNamespace as ns, type Obj } from '../scenario/index.js';
import { Kubectl } from '../serve/kubectl-run.js';
import { json, readBundle, runCollect, serveScenario, tempDir } from './helpers.js';
import { brokenStudioCluster } from './scenarios.js';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});
async function setup(): Promise<string> {
  const t = await tempDir('rate-502-');
  cleanups.push(t.cleanup);
  return t.dir;
}
function track<T extends { close(): Promise<void> }>(server: T): T {
  cleanups.push(() => server.close());
  return server;
}

/** The broken Studio whose ingress-nginx controller counted 502s from the frontend Service. */
async function counted502() {
  const scenario = await brokenStudioCluster();
  const controller = scenario
    .all('Pod')
    .find((p) => p.metadata.namespace === 'ingress-nginx') as Obj;
  const studio = { namespace: ns, ingress: 'datachain-studio-ingress', host: 'studio.example.com' };
  recordControllerMetrics(scenario, controller, [
    { ...studio, service: 'datachain-studio-frontend', status: 200, count: 1204, seconds: 0.012 },
    { ...studio, service: 'datachain-studio-frontend', status: 502, count: 318, seconds: 0.001 },
    // Another tenant of the same controller: never part of a Studio bundle.
    {
      namespace: 'shop',
      ingress: 'shop',
      host: 'shop.example.com',
      service: 'shop-web',
      status: 200,
      count: 99,
    },
  ]);
  return { scenario, controller };
}

/** What Prometheus answers for the guide's expressions while the 502s go on. */
const firing: ReadonlyMap<string, VectorSample[]> = new Map(
  prometheusQueries.map((q): [string, VectorSample[]] => {
    const now = 1795611452.158;
    const by502 = {
      namespace: ns,
      ingress: 'datachain-studio-ingress',
      service: 'datachain-studio-frontend',
    };
    switch (q.id) {
      case 'high-502-error-rate':
      case 'rate-502-by-service':
        return [q.expr, [{ metric: { ...by502, status: '502' }, value: [now, '0.35'] }]];
      case 'backend-service-down':
        return [q.expr, []];
      case 'firing-alerts':
        return [
          q.expr,
          [
            {
              metric: {
                __name__: 'ALERTS',
                alertname: 'High502ErrorRate',
                alertstate: 'firing',
                severity: 'critical',
                ...by502,
              },
              value: [now, '1'],
            },
          ],
        ];
    }
  }),
);

describe('studio-collect k8s: the 502 rate', () => {
  it('scrapes the controller’s Studio series and asks Prometheus; the served bundle gives them back', async () => {
    const dir = await setup();
    const { scenario, controller } = await counted502();
    const server = track(await serveScenario(scenario, dir));
    const prometheus = track(await startFakePrometheus(firing));
    const out = join(dir, 'rate.tar.gz');
    const r = await runCollect([
      'k8s',
      '--kubeconfig',
      server.kubeconfigPath,
      '-o',
      out,
      '--prometheus',
      prometheus.url,
      '-q',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const b = await readBundle(out);
    const status = Object.fromEntries(b.manifest.collectors.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({ 'ingress-metrics': 'ok', 'prometheus-alerts': 'ok' });

    const path = ingressMetricsPath('ingress-nginx', controller.metadata.name);
    const metrics = json<IngressMetricsFile>(b, path);
    expect(validate('ingress-metrics', metrics)).toEqual([]);
    expect(metrics.studioNamespace).toBe(ns);
    expect(metrics.droppedSamples).toBe(1);
    const requests = metrics.families.find((f) => f.name === 'nginx_ingress_controller_requests')!;
    expect(requests.samples.map((s) => [s.labels.service, s.labels.status, s.value])).toEqual([
      ['datachain-studio-frontend', '200', 1204],
      ['datachain-studio-frontend', '502', 318],
    ]);
    expect(b.tarBytes.includes('shop.example.com')).toBe(false);

    const queries = json<PrometheusQueriesFile>(b, prometheusQueriesPath);
    expect(validate('prometheus-queries', queries)).toEqual([]);
    expect(queries.url).toBe(prometheus.url);
    expect(queries.queries.map((q) => [q.id, q.status, q.result?.length])).toEqual([
      ['high-502-error-rate', 'success', 1],
      ['backend-service-down', 'success', 0],
      ['rate-502-by-service', 'success', 1],
      ['firing-alerts', 'success', 1],
    ]);
    expect(prometheus.queries.sort()).toEqual(prometheusQueries.map((q) => q.expr).sort());

    // Served again, the controller's /metrics is the bundle's series in the text format.
    const served = track(await startServer({ bundle: out }));
    const kubectl = await Kubectl.create('newest');
    const raw = await kubectl.run(served.kubeconfigPath, [
      'get',
      '--raw',
      `/api/v1/namespaces/ingress-nginx/pods/${controller.metadata.name}:10254/proxy/metrics`,
    ]);
    expect(raw.stderr).toBe('');
    expect(raw.stdout).toContain('# TYPE nginx_ingress_controller_requests counter\n');
    expect(raw.stdout).toContain(
      `nginx_ingress_controller_requests{canary="",controller_class="k8s.io/ingress-nginx",controller_namespace="ingress-nginx",controller_pod="${controller.metadata.name}",host="studio.example.com",ingress="datachain-studio-ingress",method="GET",namespace="${ns}",path="/",service="datachain-studio-frontend",status="502"} 318\n`,
    );
    expect(raw.stdout).not.toContain('shop');
  });

  it('a Prometheus that stalls: every query ends at --request-timeout, the bundle is written, exit 3', async () => {
    const dir = await setup();
    const { scenario } = await counted502();
    const server = track(await serveScenario(scenario, dir));
    const prometheus = track(await startFakePrometheus(firing, { stall: true }));
    const out = join(dir, 'stalled.tar.gz');
    const r = await runCollect([
      'k8s',
      '--kubeconfig',
      server.kubeconfigPath,
      '-o',
      out,
      '--prometheus',
      prometheus.url,
      '--request-timeout',
      '2s',
    ]);
    expect(r.code).toBe(3);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.stdout).toMatch(/partial: .*prometheus-alerts/);
    const b = await readBundle(out);
    const run = b.manifest.collectors.find((c) => c.id === 'prometheus-alerts')!;
    expect(run.status).toBe('partial');
    expect(run.errors.map((e) => [e.code, e.path])).toEqual(
      prometheusQueries.map(() => ['Timeout', prometheusQueriesPath]),
    );
    expect(run.errors[0]!.message).toBe(
      `Prometheus high-502-error-rate (${prometheusQueries[0]!.expr}): no answer within 2s`,
    );
    const queries = json<PrometheusQueriesFile>(b, prometheusQueriesPath);
    expect(queries.queries.every((q) => q.status === 'error' && q.errorType === 'timeout')).toBe(
      true,
    );
    expect(b.manifest.collectors.find((c) => c.id === 'ingress-metrics')!.status).toBe('ok');
  });

  it('refuses a --prometheus that is not an http(s) URL with one line, exit 2', async () => {
    const r = await runCollect(['k8s', '--prometheus', 'prometheus:9090']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'studio-collect: --prometheus: expected an http:// or https:// URL, got "prometheus:"\n',
    );
  });
});
