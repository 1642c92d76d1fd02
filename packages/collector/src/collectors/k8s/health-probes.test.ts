import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { healthProbePath, validate, type HealthProbeFile } from '@studio-support/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { deterministicClock, runCollectors, Staging } from '../../bundle/index.js';
import { KubeClient } from '../../k8s/client.js';
import { json, startTestApi, status, type TestApiServer } from '../../k8s/testing.js';
import { Redactor } from '../../redact/index.js';
import { K8sEnv } from './env.js';
import { healthProbes } from './health-probes.js';

let api: TestApiServer | undefined;
let staging: Staging | undefined;
afterEach(async () => {
  await api?.close();
  await staging?.remove();
});

const pod = (name: string, port?: number) => ({
  metadata: { name, namespace: 'studio' },
  spec: { containers: [{ name: 'c', ...(port ? { ports: [{ containerPort: port }] } : {}) }] },
});

async function probe(probeHealth: boolean) {
  api = await startTestApi((_req, res, url) => {
    if (url.pathname === '/api/v1/namespaces/studio/pods') {
      return json(res, 200, { items: [pod('backend-1', 8000), pod('frontend-1', 8080)] });
    }
    const m = /^\/api\/v1\/namespaces\/studio\/pods\/backend-1:8000\/proxy(\/.*)$/.exec(
      url.pathname,
    );
    if (m?.[1] === '/health/ready') {
      return status(
        res,
        503,
        'ServiceUnavailable',
        'error trying to reach service: dial tcp 10.42.0.7:8000: connect: connection refused',
      );
    }
    if (m) return json(res, 200, { status: 'ok', token: 'abc' });
    status(res, 404, 'NotFound', 'not found');
  });
  const client = await KubeClient.create({
    connection: {
      server: api.url,
      source: 'test',
      ca: Buffer.from(api.caPem),
      insecureSkipTlsVerify: false,
      auth: { kind: 'none' },
    },
    concurrency: 2,
    requestTimeoutMs: 2000,
    signal: new AbortController().signal,
  });
  const clock = deterministicClock({});
  const env = new K8sEnv(
    client,
    { namespace: 'studio', maxLogLines: 10, maxLogBytes: 1000, concurrency: 2, probeHealth },
    clock,
    { version: {} },
  );
  staging = await Staging.create(new Redactor());
  const [run] = await runCollectors([healthProbes], {
    env,
    staging,
    clock,
    signal: new AbortController().signal,
    concurrency: 1,
  });
  client.close();
  return run!;
}

describe('health-probes', () => {
  it('GETs the three health paths of backend pods through the pod proxy and keeps every answer', async () => {
    const run = await probe(true);
    expect(run).toMatchObject({ status: 'ok', files: [healthProbePath('studio', 'backend-1')] });
    const file = JSON.parse(
      await readFile(join(staging!.dir, healthProbePath('studio', 'backend-1')), 'utf8'),
    ) as HealthProbeFile;
    expect(validate('health', file)).toEqual([]);
    expect(file.probes.map((p) => [p.path, p.status, p.latencyMs])).toEqual([
      ['/health', 200, 0],
      ['/health/ready', 503, 0],
      ['/health/live', 200, 0],
    ]);
    expect(file.probes[1]!.bodyHead).toContain('connect: connection refused');
    expect(file.probes[0]!.bodyHead).toBe('{"status":"ok","token":"***"}');
    expect(api!.seen.every((r) => r.method === 'GET')).toBe(true);
  });

  it('is skipped, with no request, without --probe-health', async () => {
    const run = await probe(false);
    expect(run).toMatchObject({ status: 'skipped', reason: '--probe-health not given' });
    expect(api!.seen).toEqual([]);
  });
});
