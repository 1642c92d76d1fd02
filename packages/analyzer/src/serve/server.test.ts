import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { namespacedListPath, podLogPath } from '@studio-support/schema';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FaultPlan } from './faults.js';
import { startServer, type ServeHandle } from './server.js';
import { get } from './testing.js';

const exampleBundle = fileURLToPath(
  new URL('../../../schema/examples/valid/bundle/studio-bundle-20261125T120000Z', import.meta.url),
);
const table = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** A tree with five pods, logs and events, written by hand (the scenario builder lives in e2e). */
async function smallTree(dir: string): Promise<void> {
  const ns = 'datachain-studio';
  const pod = (i: number) => ({
    metadata: {
      name: `web-${i}`,
      namespace: ns,
      uid: `uid-${i}`,
      labels: { app: i < 3 ? 'web' : 'db' },
      creationTimestamp: '2026-11-25T10:00:00Z',
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'app' }, { name: 'sidecar' }] },
    status: { phase: i === 4 ? 'Pending' : 'Running' },
  });
  const write = async (rel: string, content: string) => {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), content);
  };
  await write(
    namespacedListPath('pods', ns),
    JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items: [4, 2, 0, 3, 1].map(pod) }),
  );
  await write(
    namespacedListPath('events', ns),
    JSON.stringify({
      items: [
        {
          metadata: { name: 'web-0.1', namespace: ns },
          involvedObject: { kind: 'Pod', name: 'web-0', namespace: ns, uid: 'uid-0' },
          reason: 'BackOff',
        },
        {
          metadata: { name: 'web-1.1', namespace: ns },
          involvedObject: { kind: 'Pod', name: 'web-1', namespace: ns, uid: 'uid-1' },
          reason: 'Pulled',
        },
      ],
    }),
  );
  const log = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n') + '\n';
  await write(podLogPath(ns, 'web-0', 'app', false), log);
  await write(podLogPath(ns, 'web-0', 'app', true), 'previous 1\nprevious 2\n');
}

describe('serve over our bundle format (schema example)', () => {
  let server: ServeHandle;
  beforeAll(async () => {
    server = await startServer({ bundle: exampleBundle });
  });
  afterAll(() => server.close());

  it('refuses requests without the bearer token: 401 Status', async () => {
    for (const token of [null, 'wrong']) {
      const r = await get(server, '/api/v1/pods', { token });
      expect(r.status).toBe(401);
      expect(r.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    }
  });

  it('writes a private kubeconfig with the server, its CA, the token and the namespace', async () => {
    const config = parse(await readFile(server.kubeconfigPath, 'utf8'));
    expect(config.clusters[0].cluster.server).toBe(server.url);
    expect(
      Buffer.from(config.clusters[0].cluster['certificate-authority-data'], 'base64').toString(),
    ).toBe(server.caPem);
    expect(config.users[0].user.token).toBe(server.token);
    expect(config.contexts[0].context.namespace).toBe('datachain-studio');
    expect((await stat(server.kubeconfigPath)).mode & 0o777).toBe(0o600);
  });

  it('answers discovery and /version from the bundle', async () => {
    expect((await get(server, '/version')).json().gitVersion).toBe('v1.31.2');
    expect((await get(server, '/api')).json()).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const core = (await get(server, '/api/v1')).json();
    const names = core.resources.map((r: { name: string }) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['pods', 'pods/log', 'events', 'secrets', 'replicationcontrollers']),
    );
    const groups = (await get(server, '/apis')).json().groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(['apps', 'networking.k8s.io', 'batch']));
    expect(
      (await get(server, '/apis/apps/v1')).json().resources.map((r: { name: string }) => r.name),
    ).toContain('deployments');
  });

  it('lists and gets objects; 404 Status for what the bundle lacks', async () => {
    const list = (await get(server, '/api/v1/namespaces/datachain-studio/pods')).json();
    expect(list.kind).toBe('PodList');
    expect(list.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual([
      'datachain-studio-backend-7d9f8c6b5-x2x9p',
    ]);
    const pod = (
      await get(
        server,
        '/api/v1/namespaces/datachain-studio/pods/datachain-studio-backend-7d9f8c6b5-x2x9p',
      )
    ).json();
    expect(pod).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
    const missing = await get(server, '/api/v1/namespaces/datachain-studio/pods/nope');
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({
      reason: 'NotFound',
      message: 'pods "nope" not found',
      details: { name: 'nope', kind: 'pods' },
    });
    const ingress = await get(
      server,
      '/apis/networking.k8s.io/v1/namespaces/datachain-studio/ingresses/x',
    );
    expect(ingress.json().message).toBe('ingresses.networking.k8s.io "x" not found');
    expect(
      (await get(server, '/api/v1/namespaces/datachain-studio/replicationcontrollers')).json()
        .items,
    ).toEqual([]);
    expect((await get(server, '/api/v1/nonsense')).status).toBe(404);
  });

  it('answers Tables with the server columns, aged at collectedAt', async () => {
    const t = (
      await get(server, '/api/v1/namespaces/datachain-studio/pods', { accept: table })
    ).json();
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    // Created 10:00, collected 12:00: two hours old whatever the clock says now.
    expect(t.rows[0].cells).toEqual([
      'datachain-studio-backend-7d9f8c6b5-x2x9p',
      '1/1',
      'Running',
      '0',
      '120m',
      '10.42.0.12',
      'node-1',
      '<none>',
      '<none>',
    ]);
    expect(t.rows[0].object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { namespace: 'datachain-studio' },
    });
    const full = (await get(server, '/api/v1/pods?includeObject=Object', { accept: table })).json();
    expect(full.rows[0].object.kind).toBe('Pod');
  });

  it('serves secret metadata as Secrets without data', async () => {
    const list = (await get(server, '/api/v1/namespaces/datachain-studio/secrets')).json();
    expect(list.items.map((s: { metadata: { name: string } }) => s.metadata.name)).toEqual([
      'datachain-studio-secrets',
      'datachain-studio-tls',
    ]);
    expect(list.items.every((s: object) => !('data' in s))).toBe(true);
    const t = (
      await get(server, '/api/v1/namespaces/datachain-studio/secrets', { accept: table })
    ).json();
    expect(t.rows[1].cells.slice(0, 3)).toEqual(['datachain-studio-tls', 'kubernetes.io/tls', 2]);
  });

  it('refuses every write and watch with 405 and a clear Status', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const r = await get(
        server,
        '/api/v1/namespaces/datachain-studio/pods/datachain-studio-backend-7d9f8c6b5-x2x9p',
        { method },
      );
      expect(r.status).toBe(405);
      expect(r.json()).toMatchObject({
        reason: 'MethodNotAllowed',
        message: expect.stringContaining('read-only'),
      });
    }
    const watch = await get(server, '/api/v1/pods?watch=1');
    expect(watch.status).toBe(405);
    expect(watch.json().message).toMatch(/^watch is not allowed/);
  });

  it('counts requests', async () => {
    const before = server.requestCount();
    await get(server, '/version');
    expect(server.requestCount()).toBe(before + 1);
    expect(server.requests().at(-1)).toEqual({ method: 'GET', path: '/version', status: 200 });
  });
});

describe('serve: selectors, pagination, logs and faults', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serve-tree-'));
    await smallTree(dir);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function serving<T>(faults: FaultPlan, fn: (s: ServeHandle) => Promise<T>): Promise<T> {
    const server = await startServer({ bundle: dir, faults });
    try {
      return await fn(server);
    } finally {
      await server.close();
    }
  }
  const names = (list: { items: { metadata: { name: string } }[] }) =>
    list.items.map((i) => i.metadata.name);

  it('filters by label and field selectors; 400 for unknown fields', () =>
    serving({}, async (s) => {
      const base = '/api/v1/namespaces/datachain-studio';
      expect(names((await get(s, `${base}/pods?labelSelector=app%3Dweb`)).json())).toEqual([
        'web-0',
        'web-1',
        'web-2',
      ]);
      expect(
        names((await get(s, `${base}/pods?fieldSelector=status.phase%21%3DRunning`)).json()),
      ).toEqual(['web-4']);
      const describe = encodeURIComponent(
        'involvedObject.name=web-0,involvedObject.namespace=datachain-studio,involvedObject.kind=Pod,involvedObject.uid=uid-0',
      );
      expect(names((await get(s, `${base}/events?fieldSelector=${describe}`)).json())).toEqual([
        'web-0.1',
      ]);
      const bad = await get(s, `${base}/pods?fieldSelector=spec.bogus%3Dx`);
      expect(bad.status).toBe(400);
      expect(bad.json().message).toBe('field label not supported: spec.bogus');
    }));

  it('pages with limit/continue in name order, across namespaces too', () =>
    serving({}, async (s) => {
      const seen: string[] = [];
      let path = '/api/v1/pods?limit=2';
      for (;;) {
        const page = (await get(s, path)).json();
        seen.push(...names(page));
        if (!page.metadata.continue) break;
        expect(page.metadata.remainingItemCount).toBe(5 - seen.length);
        path = `/api/v1/pods?limit=2&continue=${page.metadata.continue}`;
      }
      expect(seen).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
      const t = (await get(s, '/api/v1/pods?limit=2', { accept: table })).json();
      expect(t.metadata.continue).toBeTruthy();
      expect((await get(s, '/api/v1/pods?limit=2&continue=garbage')).status).toBe(400);
    }));

  it('expires continue tokens on request: 410 Gone with a fresh token', () =>
    serving({ continueExpiry: { times: 1 } }, async (s) => {
      const first = (await get(s, '/api/v1/pods?limit=2')).json();
      const gone = await get(s, `/api/v1/pods?limit=2&continue=${first.metadata.continue}`);
      expect(gone.status).toBe(410);
      expect(gone.json()).toMatchObject({
        reason: 'Expired',
        code: 410,
        metadata: { continue: expect.any(String) },
      });
      const again = await get(s, `/api/v1/pods?limit=2&continue=${first.metadata.continue}`);
      expect(names(again.json())).toEqual(['web-2', 'web-3']);
    }));

  it('streams logs: container, previous, tailLines, limitBytes; clear errors', () =>
    serving({}, async (s) => {
      const log = '/api/v1/namespaces/datachain-studio/pods/web-0/log';
      const whole = await readFile(
        join(dir, podLogPath('datachain-studio', 'web-0', 'app', false)),
        'utf8',
      );
      expect((await get(s, `${log}?container=app`)).body).toBe(whole);
      expect((await get(s, `${log}?container=app&tailLines=2&timestamps=true`)).body).toBe(
        'line 98\nline 99\n',
      );
      expect((await get(s, `${log}?container=app&limitBytes=7`)).body).toBe('line 0\n');
      expect((await get(s, `${log}?container=app&tailLines=1&limitBytes=4`)).body).toBe('line');
      expect((await get(s, `${log}?container=app&previous=true`)).body).toBe(
        'previous 1\nprevious 2\n',
      );
      const noPrevious = await get(s, `${log}?container=sidecar&previous=true`);
      expect(noPrevious.status).toBe(400);
      expect(noPrevious.json().message).toBe(
        'previous terminated container "sidecar" in pod "web-0" not found',
      );
      expect((await get(s, `${log}?container=sidecar`)).body).toBe('');
      expect((await get(s, `${log}?container=nope`)).json().message).toBe(
        'container nope is not valid for pod web-0',
      );
      expect((await get(s, log)).json().message).toBe(
        'a container name must be specified for pod web-0, choose one of: [app sidecar]',
      );
    }));

  it('answers 403/429/500 for a resource, then recovers after `times`', () =>
    serving(
      {
        errors: [
          { resource: 'events', verb: 'list', status: 403 },
          { resource: 'pods', verb: 'list', status: 429, times: 1, retryAfterSeconds: 2 },
          { resource: 'pods', verb: 'log', name: 'web-1', status: 403 },
          { resource: 'pods', verb: 'log', status: 500, times: 1 },
        ],
      },
      async (s) => {
        const forbidden = await get(s, '/api/v1/namespaces/datachain-studio/events');
        expect(forbidden.status).toBe(403);
        expect(forbidden.json().message).toBe(
          'events is forbidden: User "studio-support" cannot list resource "events" in API group "" in the namespace "datachain-studio"',
        );
        const limited = await get(s, '/api/v1/pods');
        expect(limited.status).toBe(429);
        expect(limited.headers['retry-after']).toBe('2');
        expect((await get(s, '/api/v1/pods')).status).toBe(200);
        const logForbidden = await get(s, '/api/v1/namespaces/datachain-studio/pods/web-1/log');
        expect(logForbidden.json().message).toBe(
          'pods "web-1" is forbidden: User "studio-support" cannot get resource "pods/log" in API group "" in the namespace "datachain-studio"',
        );
        const broken = await get(
          s,
          '/api/v1/namespaces/datachain-studio/pods/web-0/log?container=app',
        );
        expect(broken.status).toBe(500);
        expect(broken.json()).toMatchObject({
          reason: 'InternalError',
          message: 'Internal error occurred: etcdserver: request timed out',
        });
        expect(
          (await get(s, '/api/v1/namespaces/datachain-studio/pods/web-0/log?container=app')).status,
        ).toBe(200);
      },
    ));

  it('resets connections and adds latency', () =>
    serving(
      { latencyMs: 150, resets: [{ resource: 'pods', verb: 'get', times: 1 }] },
      async (s) => {
        await expect(get(s, '/api/v1/namespaces/datachain-studio/pods/web-0')).rejects.toThrow(
          /socket hang up|ECONNRESET/,
        );
        const started = Date.now();
        expect((await get(s, '/api/v1/namespaces/datachain-studio/pods/web-0')).status).toBe(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(140);
        // The cut request is recorded too, with no status.
        await vi.waitFor(() => expect(s.requests().map((r) => r.status)).toEqual([0, 200]));
      },
    ));

  it('stalls a log stream until the client gives up, and close() still returns', async () => {
    const s = await startServer({
      bundle: dir,
      faults: { logStreams: [{ mode: 'stall', afterBytes: 7 }] },
    });
    const path = '/api/v1/namespaces/datachain-studio/pods/web-0/log?container=app';
    await expect(get(s, path, { timeoutMs: 400 })).rejects.toThrow(/timed out/);
    const closing = Date.now();
    await s.close();
    expect(Date.now() - closing).toBeLessThan(1000);
  });

  it('trickles a slow log stream', () =>
    serving({ logStreams: [{ mode: 'slow', bytesPerSecond: 200 }] }, async (s) => {
      const started = Date.now();
      const r = await get(
        s,
        '/api/v1/namespaces/datachain-studio/pods/web-0/log?container=app&limitBytes=60',
      );
      expect(r.body).toBe('line 0\nline 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline');
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    }));
});
