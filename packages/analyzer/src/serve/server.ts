import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { makeServingCertificate } from './certificate.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, rootPaths } from './discovery.js';
import { ExecReplayer, refuseUpgrade } from './exec.js';
import { Faults, type FaultPlan, type Verb } from './faults.js';
import { openInput, type BundleFlavor } from './input.js';
import { writeKubeconfig } from './kubeconfig.js';
import { sendJson, sendStatus } from './reply.js';
import { handleResource } from './resources.js';
import { route, type Route } from './routes.js';
import {
  forbidden,
  internalError,
  notLive,
  readOnly,
  tooManyRequests,
  unauthorized,
  unknownPath,
} from './status.js';
import { BundleStore } from './store.js';

export interface StartServerOptions {
  /** A bundle or scenario directory, or a .tar.gz/.tgz/.zip. */
  bundle: string;
  faults?: FaultPlan;
  /** 0 or absent: a free port chosen by the system. */
  port?: number;
  /** Where to write the kubeconfig; absent: a private temporary file removed on close(). */
  kubeconfigPath?: string;
  /** The kubeconfig's namespace; absent: the bundle's (datachain-studio when it holds it). */
  namespace?: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
}

export interface ServeHandle {
  /** https://127.0.0.1:PORT */
  url: string;
  kubeconfigPath: string;
  token: string;
  /** The serving certificate (its own CA), for clients other than kubectl. */
  caPem: string;
  namespace: string;
  flavor: BundleFlavor;
  /** Files in the tree that could not be read, one line each. */
  warnings: readonly string[];
  /** Requests answered (or cut by a fault) since start, authenticated or not. */
  requestCount(): number;
  requests(): readonly RequestRecord[];
  close(): Promise<void>;
}

const bearer = /^Bearer\s+(\S+)$/i;

function authorized(req: IncomingMessage, token: Buffer): boolean {
  const m = bearer.exec(req.headers.authorization ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  return given.length === token.length && timingSafeEqual(given, token);
}

function verbOf(r: Route & { type: 'resource' }): Verb {
  if (r.subresource === 'log') return 'log';
  return r.name === undefined ? 'list' : 'get';
}

/**
 * Serves a bundle as a read-only Kubernetes API on 127.0.0.1 over HTTPS with a bearer
 * token, and writes a kubeconfig for it. The tree is indexed once here; requests are then
 * answered from memory, and logs are streamed from disk.
 *
 * @example
 *   const server = await startServer({ bundle: 'fixtures/healthy' });
 *   // KUBECONFIG=server.kubeconfigPath kubectl get pods
 *   await server.close();
 */
export async function startServer(options: StartServerOptions): Promise<ServeHandle> {
  const input = await openInput(options.bundle);
  let tempDir: string | undefined;
  try {
    const store = await BundleStore.load(input.root, input.flavor);
    const faults = new Faults(options.faults);
    const token = randomBytes(24).toString('hex');
    const tokenBytes = Buffer.from(token);
    const { certPem, keyPem } = await makeServingCertificate();
    const ctx = { store, faults, resourceVersion: String(Date.now()) };
    const records: RequestRecord[] = [];
    let count = 0;
    let serverAddress = '';

    const answer = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
      if (!authorized(req, tokenBytes)) return sendStatus(res, unauthorized());
      const r = route(url.pathname);
      const method = req.method ?? 'GET';
      if (method !== 'GET') {
        const what = r.type === 'resource' ? `${method} on ${r.kind.resource}` : method;
        return sendStatus(res, readOnly(what));
      }
      if (['true', '1'].includes(url.searchParams.get('watch') ?? '')) {
        return sendStatus(res, readOnly('watch'));
      }
      switch (r.type) {
        case 'discovery':
          if (r.path === 'version') return sendJson(res, 200, store.version);
          if (r.path === 'api') return sendJson(res, 200, apiVersions(serverAddress));
          if (r.path === 'apis') return sendJson(res, 200, apiGroupList(store.servedKinds()));
          if (r.path === 'root') return sendJson(res, 200, rootPaths(store.servedKinds()));
          res.writeHead(200, { 'Content-Type': 'text/plain' });
          return res.end('ok');
        case 'group': {
          const doc = apiGroup(store.servedKinds(), r.group);
          return doc ? sendJson(res, 200, doc) : sendStatus(res, unknownPath());
        }
        case 'groupVersion': {
          const doc = apiResourceList(store.servedKinds(), r.group, r.version);
          return doc ? sendJson(res, 200, doc) : sendStatus(res, unknownPath());
        }
        case 'unknown':
          return sendStatus(res, unknownPath());
        case 'resource': {
          if (!store.serves(r.kind)) return sendStatus(res, unknownPath());
          const target = {
            resource: r.kind.resource,
            namespace: r.namespace,
            name: r.name,
            verb: verbOf(r),
          };
          if (faults.reset(target)) {
            req.socket.destroy();
            return;
          }
          const fault = faults.error(target);
          if (fault?.status === 403) {
            const verb = target.verb === 'log' ? 'get' : target.verb;
            return sendStatus(res, forbidden(r.kind, verb, r.namespace, r.name, r.subresource));
          }
          if (fault?.status === 429)
            return sendStatus(res, tooManyRequests(fault.retryAfterSeconds ?? 1));
          if (fault?.status === 500)
            return sendStatus(res, internalError('etcdserver: request timed out'));
          return handleResource(ctx, r, url, req, res);
        }
      }
    };

    const server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
      count++;
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      // On close, not finish: a reset or stalled answer is recorded too (status 0 when cut).
      res.once('close', () => {
        if (records.length < 1_000_000) {
          records.push({
            method: req.method ?? 'GET',
            path: url.pathname + url.search,
            status: res.writableFinished ? res.statusCode : 0,
          });
        }
      });
      const latency = faults.plan.latencyMs ?? 0;
      (latency > 0 ? sleep(latency) : Promise.resolve())
        .then(() => answer(req, res, url))
        .catch((error: unknown) => {
          if (!res.headersSent) sendStatus(res, internalError((error as Error).message));
          else res.destroy();
        });
    });
    // kubectl exec: a WebSocket upgrade of pods/exec, answered from recorded output.
    const execs = new ExecReplayer(store, faults);
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      count++;
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      socket.on('error', () => undefined);
      socket.once('close', () => {
        if (records.length < 1_000_000) {
          records.push({ method: 'GET', path: url.pathname + url.search, status: 101 });
        }
      });
      if (!authorized(req, tokenBytes)) return refuseUpgrade(socket, unauthorized());
      const r = route(url.pathname);
      if (r.type === 'resource' && r.kind.group === '' && r.kind.resource === 'pods') {
        if (r.subresource === 'exec') return execs.upgrade(req, socket, head, r, url);
      }
      const what =
        r.type === 'resource' ? `${r.kind.resource}/${r.subresource ?? ''}` : url.pathname;
      refuseUpgrade(socket, notLive(what));
    });
    const sockets = new Set<Socket>();
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    });

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    serverAddress = `127.0.0.1:${port}`;
    const url = `https://${serverAddress}`;
    const namespace = options.namespace ?? store.defaultNamespace;

    let kubeconfigPath = options.kubeconfigPath;
    if (!kubeconfigPath) {
      tempDir = await mkdtemp(join(tmpdir(), 'studio-serve-kube-'));
      kubeconfigPath = join(tempDir, 'kubeconfig');
    }
    await writeKubeconfig(kubeconfigPath, { server: url, caPem: certPem, token, namespace });

    let closing: Promise<void> | undefined;
    const ownedTemp = tempDir;
    return {
      url,
      kubeconfigPath,
      token,
      caPem: certPem,
      namespace,
      flavor: input.flavor,
      warnings: store.warnings,
      requestCount: () => count,
      requests: () => records,
      close: () =>
        (closing ??= (async () => {
          const closed = new Promise<void>((resolve) => server.close(() => resolve()));
          // Stalled log streams and keep-alive connections would hold close() forever.
          for (const s of sockets) s.destroy();
          await closed;
          if (ownedTemp) await rm(ownedTemp, { recursive: true, force: true });
          await input.cleanup();
        })()),
    };
  } catch (error) {
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
    await input.cleanup();
    throw error;
  }
}
