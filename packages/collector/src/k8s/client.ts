import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { setMaxListeners } from 'node:events';
import { createGunzip } from 'node:zlib';
import { apiVersionOf, type ResourceKind } from '@studio-support/schema';
import { toolVersion } from '../version.js';
import { ApiError, networkError, statusError } from './api-error.js';
import { formatDuration } from './duration.js';
import { runExecCredential } from './exec-credential.js';
import type { Connection } from './kubeconfig.js';
import { Limiter } from './limiter.js';

export interface ClientOptions {
  connection: Connection;
  /** Requests in flight at once, over the whole collection (log streams included). */
  concurrency: number;
  /** Deadline of one request; for a log stream, the longest silence it may keep. */
  requestTimeoutMs: number;
  /** The overall deadline and interrupts: aborting it ends every request at once. */
  signal: AbortSignal;
  /** Tries per request for 429/5xx/resets/timeouts (default 4). */
  maxAttempts?: number;
  /** First backoff delay, doubled each retry (default 250 ms). */
  backoffMs?: number;
  /** Items per list page (default 500). */
  pageSize?: number;
}

export type KubeObject = Record<string, unknown> & {
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
};

export interface KubeList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion?: string };
  items: KubeObject[];
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Keep only matching items, page by page: memory holds what is kept, not the whole list. */
  keep?: (item: KubeObject) => boolean;
}

export interface LogOptions {
  previous: boolean;
  tailLines?: number;
  limitBytes?: number;
  sinceSeconds?: number;
}

/** A log response body. Iterate it once; it ends early, not with a throw, on stalls/resets. */
export interface LogStream extends AsyncIterable<Buffer> {
  /** Why the stream ended before the server finished it (stall, reset, deadline), if it did. */
  readonly interruption: Error | undefined;
  /** Releases the request slot if the stream is not iterated to its end. */
  close(): void;
}

export interface ProxyResponse {
  status: number;
  body: string;
}

export interface TlsOptions {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
}

export interface UpgradeTarget {
  url: URL;
  headers: Record<string, string>;
  tls: TlsOptions;
}

export interface ClientStats {
  requests: number;
  retries: number;
  listRestarts: number;
  bytes: number;
}

const maxJsonBytes = 512 * 1024 * 1024;
const maxErrorBytes = 64 * 1024;
const maxRetryAfterMs = 10_000;

/**
 * A read-only Kubernetes API client over node:https: GET only, one shared bound on requests
 * in flight, a deadline per request, retries with exponential backoff on 429/5xx/resets
 * (honouring Retry-After), paginated lists that restart when their continue token expires
 * (410), and log streams that end on silence instead of hanging.
 */
export class KubeClient {
  readonly stats: ClientStats = { requests: 0, retries: 0, listRestarts: 0, bytes: 0 };
  readonly #base: string;
  readonly #mod: typeof https | typeof http;
  readonly #agent: http.Agent;
  readonly #headers: Record<string, string>;
  readonly #limiter: Limiter;
  readonly #tls: TlsOptions;
  readonly #o: Required<Omit<ClientOptions, 'connection'>>;

  private constructor(
    readonly connection: Connection,
    options: ClientOptions,
    credential: { token?: string; clientCert?: Buffer; clientKey?: Buffer },
  ) {
    this.#o = {
      concurrency: options.concurrency,
      requestTimeoutMs: options.requestTimeoutMs,
      signal: options.signal,
      maxAttempts: options.maxAttempts ?? 4,
      backoffMs: options.backoffMs ?? 250,
      pageSize: options.pageSize ?? 500,
    };
    this.#base = connection.server;
    const secure = connection.server.startsWith('https:');
    this.#mod = secure ? https : http;
    const cert = credential.clientCert ?? connection.clientCert;
    const key = credential.clientKey ?? connection.clientKey;
    this.#tls = {
      ...(connection.ca ? { ca: connection.ca } : {}),
      ...(cert && key ? { cert, key } : {}),
      rejectUnauthorized: !connection.insecureSkipTlsVerify,
      ...(connection.tlsServerName ? { servername: connection.tlsServerName } : {}),
    };
    this.#agent = secure
      ? new https.Agent({ keepAlive: true, maxSockets: options.concurrency, ...this.#tls })
      : new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
    this.#headers = {
      accept: 'application/json',
      'accept-encoding': 'gzip',
      'user-agent': `studio-collect/${toolVersion}`,
    };
    const auth = connection.auth;
    const token = credential.token ?? (auth.kind === 'token' ? auth.token : undefined);
    if (token) this.#headers.authorization = `Bearer ${token}`;
    else if (auth.kind === 'basic') {
      const basic = Buffer.from(`${auth.username}:${auth.password}`).toString('base64');
      this.#headers.authorization = `Basic ${basic}`;
    }
    this.#limiter = new Limiter(options.concurrency);
    // Every queued request and backoff listens on the one collection signal: not a leak.
    setMaxListeners(0, options.signal);
  }

  /** Runs the exec credential plugin first when the kubeconfig names one. */
  static async create(options: ClientOptions): Promise<KubeClient> {
    const auth = options.connection.auth;
    const credential =
      auth.kind === 'exec'
        ? await runExecCredential(
            auth.exec,
            options.connection.server,
            Math.max(options.requestTimeoutMs, 30_000),
          )
        : {};
    return new KubeClient(options.connection, options, credential);
  }

  /**
   * What a connection outside the agent needs, a WebSocket upgrade for exec: the URL of a path,
   * the same TLS trust and client certificate, and the same credentials.
   */
  upgradeTarget(path: string, query: [string, string][]): UpgradeTarget {
    const url = new URL(this.#base + path);
    for (const [k, v] of query) url.searchParams.append(k, v);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const { accept: _, 'accept-encoding': __, ...headers } = this.#headers;
    this.stats.requests++;
    return { url, headers, tls: this.#tls };
  }

  /** A slot of the one bound on requests in flight; call the release function when done. */
  slot(): Promise<() => void> {
    return this.#limiter.acquire(this.#o.signal);
  }

  /** The deadline of one request, for work done beside the API server (Prometheus). */
  get requestTimeoutMs(): number {
    return this.#o.requestTimeoutMs;
  }

  /** Ends idle keep-alive sockets so the process can exit. */
  close(): void {
    this.#agent.destroy();
  }

  /** GET of a JSON document, e.g. /version. */
  async getJson<T = unknown>(path: string, query: Record<string, string> = {}): Promise<T> {
    return this.#retrying(path, async () => {
      const release = await this.#limiter.acquire(this.#o.signal);
      const signal = this.#attemptSignal();
      try {
        const res = await this.#send(path, query, signal);
        const buf = await readAll(res, maxJsonBytes, path);
        this.stats.bytes += buf.length;
        const text = buf.toString('utf8');
        try {
          return JSON.parse(text) as T;
        } catch {
          throw new ApiError(
            `GET ${path}: expected JSON, got ${text.length} bytes of something else`,
            'BadResponse',
            path,
          );
        }
      } catch (error) {
        throw this.#wrap(error, path, signal);
      } finally {
        release();
      }
    });
  }

  /**
   * Lists a kind in a namespace (or cluster-wide without one) in pages of 500, and starts
   * over when the server says the continue token has expired (410 Gone), as client-go does.
   */
  async list(kind: ResourceKind, namespace?: string, options: ListOptions = {}): Promise<KubeList> {
    const path = collectionPath(kind, namespace);
    for (let restarts = 0; ; restarts++) {
      const items: KubeObject[] = [];
      let resourceVersion: string | undefined;
      let token: string | undefined;
      try {
        do {
          const query: Record<string, string> = { limit: String(this.#o.pageSize) };
          if (token) query.continue = token;
          if (options.labelSelector) query.labelSelector = options.labelSelector;
          if (options.fieldSelector) query.fieldSelector = options.fieldSelector;
          const page = await this.getJson<Partial<KubeList> & { metadata?: { continue?: string } }>(
            path,
            query,
          );
          resourceVersion ??= page.metadata?.resourceVersion;
          for (const item of page.items ?? []) {
            if (!options.keep || options.keep(item)) items.push(withKind(item, kind));
          }
          token = page.metadata?.continue || undefined;
        } while (token);
      } catch (error) {
        if (error instanceof ApiError && error.httpStatus === 410 && token && restarts < 3) {
          this.stats.listRestarts++;
          continue;
        }
        throw error;
      }
      return {
        apiVersion: 'v1',
        kind: `${kind.kind}List`,
        metadata: resourceVersion === undefined ? {} : { resourceVersion },
        items,
      };
    }
  }

  /**
   * Opens a container's log. Retried like any request until the response starts; from then
   * on the stream holds its request slot and ends (keeping what arrived, see `interruption`)
   * when nothing arrives for the request timeout, after four request timeouts in all, or when
   * the collection is aborted.
   */
  async log(namespace: string, pod: string, container: string, o: LogOptions): Promise<LogStream> {
    const path = `/api/v1/namespaces/${enc(namespace)}/pods/${enc(pod)}/log`;
    const query: Record<string, string> = { container };
    if (o.previous) query.previous = 'true';
    if (o.tailLines !== undefined) query.tailLines = String(o.tailLines);
    if (o.limitBytes !== undefined) query.limitBytes = String(o.limitBytes);
    if (o.sinceSeconds !== undefined) query.sinceSeconds = String(o.sinceSeconds);
    return this.#retrying(path, async () => {
      const release = await this.#limiter.acquire(this.#o.signal);
      const stop = new AbortController();
      const signal = AbortSignal.any([this.#o.signal, stop.signal]);
      const timeout = this.#o.requestTimeoutMs;
      let timer = setTimeout(() => stop.abort(stalled(path, timeout, 'no response')), timeout);
      const total = setTimeout(
        () =>
          stop.abort(
            new ApiError(
              `log stream still running after ${formatDuration(4 * timeout)}; kept what arrived`,
              'LogDeadline',
              path,
            ),
          ),
        4 * timeout,
      );
      const done = (): void => {
        clearTimeout(timer);
        clearTimeout(total);
        release();
      };
      let res: Readable;
      try {
        res = await this.#send(path, query, signal);
      } catch (error) {
        done();
        throw this.#wrap(error, path, signal);
      }
      const wrap = (e: unknown): Error => this.#wrap(e, path, signal);
      const stats = this.stats;
      let interruption: Error | undefined;
      let closed = false;
      const close = (): void => {
        if (closed) return;
        closed = true;
        done();
        res.destroy();
      };
      return {
        get interruption() {
          return interruption;
        },
        close,
        async *[Symbol.asyncIterator]() {
          try {
            clearTimeout(timer);
            timer = setTimeout(() => stop.abort(stalled(path, timeout, 'no data')), timeout);
            for await (const chunk of res as AsyncIterable<Buffer>) {
              timer.refresh();
              stats.bytes += chunk.length;
              yield chunk;
            }
          } catch (error) {
            interruption = wrap(error);
          } finally {
            close();
          }
        },
      };
    });
  }

  /**
   * GET through the API server's pod proxy (--probe-health). One try, no retries: a 5xx
   * here is the pod's answer, which is what we came for.
   */
  async proxyGet(
    namespace: string,
    pod: string,
    port: number,
    path: string,
  ): Promise<ProxyResponse> {
    const full = `/api/v1/namespaces/${enc(namespace)}/pods/${enc(pod)}:${port}/proxy${path}`;
    const release = await this.#limiter.acquire(this.#o.signal);
    const signal = this.#attemptSignal();
    try {
      const res = await this.#send(full, {}, signal, true);
      const body = (await readAll(res, maxErrorBytes, full, true)).toString('utf8');
      return { status: (res as http.IncomingMessage).statusCode ?? 0, body };
    } catch (error) {
      throw this.#wrap(error, full, signal);
    } finally {
      release();
    }
  }

  /**
   * GET through the pod proxy, streamed (a controller's /metrics runs to megabytes). One try;
   * any status is the pod's answer. The body ends early, not with a throw (see
   * `interruption`), when nothing arrives for the request timeout or after four of them.
   */
  async proxyStream(
    namespace: string,
    pod: string,
    port: number,
    path: string,
  ): Promise<{ status: number; body: LogStream }> {
    const full = `/api/v1/namespaces/${enc(namespace)}/pods/${enc(pod)}:${port}/proxy${path}`;
    const release = await this.#limiter.acquire(this.#o.signal);
    const stop = new AbortController();
    const signal = AbortSignal.any([this.#o.signal, stop.signal]);
    const timeout = this.#o.requestTimeoutMs;
    let timer = setTimeout(() => stop.abort(stalled(full, timeout, 'no response')), timeout);
    const total = setTimeout(
      () => stop.abort(stalled(full, 4 * timeout, 'not complete')),
      4 * timeout,
    );
    let closed = false;
    let res: Readable;
    const close = (): void => {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      clearTimeout(total);
      release();
      res?.destroy();
    };
    try {
      res = await this.#send(full, {}, signal, true);
    } catch (error) {
      close();
      throw this.#wrap(error, full, signal);
    }
    const status = (res as http.IncomingMessage).statusCode ?? 0;
    const wrap = (e: unknown): Error => this.#wrap(e, full, signal);
    const stats = this.stats;
    let interruption: Error | undefined;
    return {
      status,
      body: {
        get interruption() {
          return interruption;
        },
        close,
        async *[Symbol.asyncIterator]() {
          try {
            clearTimeout(timer);
            timer = setTimeout(() => stop.abort(stalled(full, timeout, 'no data')), timeout);
            for await (const chunk of res as AsyncIterable<Buffer>) {
              timer.refresh();
              stats.bytes += chunk.length;
              yield chunk;
            }
          } catch (error) {
            interruption = wrap(error);
          } finally {
            close();
          }
        },
      },
    };
  }

  async #retrying<T>(path: string, attempt: () => Promise<T>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (this.#o.signal.aborted) throw this.#o.signal.reason;
        if (!(error instanceof ApiError) || !error.retryable || n >= this.#o.maxAttempts) {
          throw error;
        }
        this.stats.retries++;
        const backoff = this.#o.backoffMs * 2 ** (n - 1);
        // Full jitter on top of the doubling, so retries of many requests spread out.
        const delay = Math.min(
          error.retryAfterMs ?? backoff + Math.random() * backoff,
          maxRetryAfterMs,
        );
        await sleep(delay, this.#o.signal);
      }
    }
  }

  #attemptSignal(): AbortSignal {
    return AbortSignal.any([this.#o.signal, AbortSignal.timeout(this.#o.requestTimeoutMs)]);
  }

  /** An abort of the collection passes through as is; a timeout or socket error becomes an ApiError. */
  #wrap(error: unknown, path: string, signal: AbortSignal): Error {
    if (this.#o.signal.aborted) return asError(this.#o.signal.reason);
    if (error instanceof ApiError) return error;
    if (signal.aborted) {
      const reason = signal.reason as unknown;
      if (reason instanceof ApiError) return reason;
      return stalled(path, this.#o.requestTimeoutMs, 'no response');
    }
    return networkError(error, path);
  }

  /** Resolves with the (decompressed) body stream of a 2xx response; rejects with the Status otherwise. */
  #send(
    path: string,
    query: Record<string, string>,
    signal: AbortSignal,
    anyStatus = false,
  ): Promise<Readable> {
    const url = new URL(this.#base + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    this.stats.requests++;
    return new Promise((resolve, reject) => {
      const req = this.#mod.request(
        url,
        { method: 'GET', agent: this.#agent, headers: this.#headers, signal },
        (res) => {
          const status = res.statusCode ?? 0;
          const body = decoded(res);
          if ((status >= 200 && status < 300) || anyStatus) return resolve(body);
          readAll(body, maxErrorBytes, path, true).then(
            (buf) =>
              reject(
                statusError(
                  status,
                  res.statusMessage ?? '',
                  buf.toString('utf8'),
                  path,
                  header(res.headers['retry-after']),
                ),
              ),
            reject,
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }
}

/** /api/v1/namespaces/ns/pods, /apis/apps/v1/deployments, … */
export function collectionPath(kind: ResourceKind, namespace?: string): string {
  const root = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
  return namespace === undefined
    ? `${root}/${kind.resource}`
    : `${root}/namespaces/${enc(namespace)}/${kind.resource}`;
}

/** Items of a list carry no kind/apiVersion on the wire; kubectl adds them, so do we. */
function withKind(item: KubeObject, kind: ResourceKind): KubeObject {
  if (item.kind && item.apiVersion) return item;
  return { kind: kind.kind, apiVersion: apiVersionOf(kind), ...item };
}

function stalled(path: string, ms: number, what: string): ApiError {
  return new ApiError(`${what} within ${formatDuration(ms)}`, 'Timeout', path);
}

function decoded(res: http.IncomingMessage): Readable {
  if (res.headers['content-encoding'] !== 'gzip') return res;
  // The status stays readable where callers look for it (pod proxy answers of any status).
  const gunzip = Object.assign(createGunzip(), { statusCode: res.statusCode });
  res.on('error', (e) => gunzip.destroy(e));
  res.on('aborted', () => gunzip.destroy(new ApiError('response aborted', 'ResponseAborted', '')));
  return res.pipe(gunzip);
}

async function readAll(
  stream: Readable,
  max: number,
  path: string,
  truncate = false,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (size + chunk.length > max) {
      if (truncate) {
        chunks.push(chunk.subarray(0, max - size));
        stream.destroy();
        break;
      }
      stream.destroy();
      throw new ApiError(`response larger than ${max} bytes`, 'TooLarge', path);
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks);
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(asError(signal.reason));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(asError(signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
