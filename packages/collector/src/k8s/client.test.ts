import { createServer } from 'node:net';
import { resourceKindByDir } from '@studio-support/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { KubeClient, type ClientOptions } from './client.js';
import { firstContact } from './first-contact.js';
import type { Connection } from './kubeconfig.js';
import { json, startTestApi, status, type TestApiServer } from './testing.js';

const pods = resourceKindByDir('pods')!;
let api: TestApiServer | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

function connection(server: string, caPem: string): Connection {
  return {
    server,
    source: 'test',
    ca: Buffer.from(caPem),
    insecureSkipTlsVerify: false,
    auth: { kind: 'token', token: 'test-token' },
  };
}

async function client(o: Partial<ClientOptions> = {}): Promise<KubeClient> {
  return KubeClient.create({
    connection: connection(api!.url, api!.caPem),
    concurrency: 4,
    requestTimeoutMs: 2000,
    signal: new AbortController().signal,
    backoffMs: 5,
    ...o,
  });
}

const pod = (name: string) => ({ metadata: { name, namespace: 'ns' } });

describe('KubeClient', () => {
  it('lists in pages of 500 with the bearer token, GET only, adding kind to items', async () => {
    api = await startTestApi((req, res, url) => {
      expect(req.headers.authorization).toBe('Bearer test-token');
      const token = url.searchParams.get('continue');
      json(res, 200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: '7', ...(token ? {} : { continue: 'page-2' }) },
        items: token ? [pod('b')] : [pod('a')],
      });
    });
    const c = await client();
    const list = await c.list(pods, 'ns');
    c.close();
    expect(list).toEqual({
      apiVersion: 'v1',
      kind: 'PodList',
      metadata: { resourceVersion: '7' },
      items: [
        { kind: 'Pod', apiVersion: 'v1', ...pod('a') },
        { kind: 'Pod', apiVersion: 'v1', ...pod('b') },
      ],
    });
    expect(api.seen).toEqual([
      { method: 'GET', url: '/api/v1/namespaces/ns/pods?limit=500' },
      { method: 'GET', url: '/api/v1/namespaces/ns/pods?limit=500&continue=page-2' },
    ]);
  });

  it('starts a list over when its continue token expires (410), and keeps no duplicates', async () => {
    let expired = false;
    api = await startTestApi((_req, res, url) => {
      const token = url.searchParams.get('continue');
      if (token && !expired) {
        expired = true;
        return status(res, 410, 'Expired', 'The provided continue parameter is too old');
      }
      json(res, 200, {
        metadata: token ? {} : { continue: 'next' },
        items: token ? [pod('b')] : [pod('a')],
      });
    });
    const c = await client();
    const list = await c.list(pods, 'ns');
    c.close();
    expect(list.items.map((i) => i.metadata?.name)).toEqual(['a', 'b']);
    expect(c.stats.listRestarts).toBe(1);
    expect(api.seen).toHaveLength(4);
  });

  it('retries 429 (honouring Retry-After), 500 and resets, then succeeds', async () => {
    let n = 0;
    api = await startTestApi((req, res) => {
      n++;
      if (n === 1) return status(res, 429, 'TooManyRequests', 'slow down');
      if (n === 2) return status(res, 500, 'InternalError', 'etcd hiccup');
      if (n === 3) {
        req.socket.destroy();
        return;
      }
      json(res, 200, { gitVersion: 'v1.31.0' });
    });
    const c = await client();
    await expect(c.getJson('/version')).resolves.toEqual({ gitVersion: 'v1.31.0' });
    c.close();
    expect(c.stats.retries).toBe(3);
  });

  it('gives up after maxAttempts on a persistent 500, and never retries a 403', async () => {
    api = await startTestApi((_req, res, url) =>
      url.pathname.endsWith('events')
        ? status(res, 500, 'InternalError', 'boom')
        : status(res, 403, 'Forbidden', 'secrets is forbidden'),
    );
    const c = await client({ maxAttempts: 3 });
    const events = c.list(resourceKindByDir('events')!, 'ns');
    await expect(events).rejects.toMatchObject({ httpStatus: 500, code: 'InternalError' });
    await expect(c.getJson('/api/v1/namespaces/ns/secrets')).rejects.toMatchObject({
      httpStatus: 403,
      code: 'Forbidden',
      message: '403 Forbidden: secrets is forbidden',
    });
    c.close();
    expect(api.seen.filter((r) => r.url.includes('events'))).toHaveLength(3);
    expect(api.seen.filter((r) => r.url.includes('secrets'))).toHaveLength(1);
  });

  it('ends a request that gets no answer at its deadline', async () => {
    api = await startTestApi(() => undefined);
    const c = await client({ requestTimeoutMs: 200, maxAttempts: 2 });
    const started = Date.now();
    const error = (await c.getJson('/version').catch((e: unknown) => e)) as ApiError;
    c.close();
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('Timeout');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(api.seen).toHaveLength(2);
  });

  it('keeps what a stalled log stream sent and ends it after the request timeout', async () => {
    api = await startTestApi((_req, res, url) => {
      expect(url.searchParams.get('tailLines')).toBe('11');
      expect(url.searchParams.get('previous')).toBe('true');
      expect(url.searchParams.get('sinceSeconds')).toBe('3600');
      expect(url.searchParams.get('limitBytes')).toBe('2048');
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first line\n');
    });
    const c = await client({ requestTimeoutMs: 300 });
    const stream = await c.log('ns', 'p', 'c', {
      previous: true,
      tailLines: 11,
      limitBytes: 2048,
      sinceSeconds: 3600,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    c.close();
    expect(Buffer.concat(chunks).toString()).toBe('first line\n');
    expect(stream.interruption).toMatchObject({ code: 'Timeout', message: 'no data within 300ms' });
  });

  it('holds every request, log streams included, to one concurrency bound', async () => {
    api = await startTestApi((_req, res, url) => {
      setTimeout(() => {
        if (url.pathname.endsWith('/log')) {
          res.writeHead(200);
          res.end('x\n');
        } else json(res, 200, {});
      }, 20);
    });
    const c = await client({ concurrency: 3 });
    await Promise.all([
      ...Array.from({ length: 10 }, () => c.getJson('/version')),
      ...Array.from({ length: 10 }, async () => {
        const s = await c.log('ns', 'p', 'c', { previous: false });
        for await (const _ of s) void _;
      }),
    ]);
    c.close();
    expect(api.peak()).toBeLessThanOrEqual(3);
    expect(api.seen).toHaveLength(20);
  });

  it('stops at once when the collection is aborted, with the abort reason', async () => {
    api = await startTestApi(() => undefined);
    const abort = new AbortController();
    const c = await client({ signal: abort.signal });
    const pending = c.getJson('/version');
    setTimeout(() => abort.abort(new Error('collection deadline reached')), 50);
    await expect(pending).rejects.toThrow('collection deadline reached');
    c.close();
  });
});

describe('firstContact', () => {
  it('says in one line that the server certificate is not trusted', async () => {
    api = await startTestApi((_req, res) => json(res, 200, {}));
    const other = await startTestApi(() => undefined);
    const c = await KubeClient.create({
      connection: connection(api.url, other.caPem),
      concurrency: 1,
      requestTimeoutMs: 2000,
      signal: new AbortController().signal,
    });
    await expect(firstContact(c)).rejects.toThrow(
      /^the Kubernetes API server https:\/\/127\.0\.0\.1:\d+ \(test\) presented a certificate that is not trusted: .*expected one signed by the cluster CA/,
    );
    c.close();
    await other.close();
  });

  it('says the credentials were rejected on 401', async () => {
    api = await startTestApi((_req, res) => status(res, 401, 'Unauthorized', 'Unauthorized'));
    const c = await client();
    await expect(firstContact(c)).rejects.toThrow(/rejected the credentials \(401 Unauthorized\)/);
    c.close();
  });

  it('says the server cannot be reached when nothing listens', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const c = await KubeClient.create({
      connection: connection(`https://127.0.0.1:${port}`, ''),
      concurrency: 1,
      requestTimeoutMs: 2000,
      signal: new AbortController().signal,
    });
    await expect(firstContact(c)).rejects.toThrow(
      `cannot reach the Kubernetes API server https://127.0.0.1:${port} (test): connect ECONNREFUSED 127.0.0.1:${port}`,
    );
    c.close();
  });

  it('leaves other answers (a 403 on /version) to the collectors', async () => {
    api = await startTestApi((_req, res) => status(res, 403, 'Forbidden', 'no'));
    const c = await client();
    await expect(firstContact(c)).resolves.toMatchObject({ error: { httpStatus: 403 } });
    c.close();
  });
});
