import { formatDuration } from '../k8s/duration.js';

/** One instant query's answer, as the Prometheus HTTP API (/api/v1/query) gives it. */
export interface QueryAnswer {
  status: 'success' | 'error';
  durationMs: number;
  resultType?: 'vector' | 'matrix' | 'scalar' | 'string';
  result?: { metric: Record<string, string>; value?: [number, string] }[];
  errorType?: string;
  error?: string;
}

interface ApiBody {
  status?: string;
  data?: { resultType?: QueryAnswer['resultType']; result?: unknown };
  errorType?: string;
  error?: string;
}

/** A Prometheus base URL as the user gave it: credentials split off, never recorded. */
export interface PrometheusTarget {
  /** Scheme, host, port and path prefix, without credentials or query. */
  base: string;
  headers: Record<string, string>;
}

export class PrometheusUrlError extends Error {}

/** Checks --prometheus: an http(s) URL; user:password in it becomes Basic auth. */
export function prometheusTarget(text: string): PrometheusTarget {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new PrometheusUrlError(
      `--prometheus: expected a URL such as http://localhost:9090, got ${JSON.stringify(text)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PrometheusUrlError(
      `--prometheus: expected an http:// or https:// URL, got ${JSON.stringify(url.protocol)}`,
    );
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return { base: url.toString().replace(/\/$/, ''), headers };
}

/**
 * One instant query with a deadline covering the whole exchange (a Prometheus that accepts
 * the connection and never answers, or stops mid-body, ends at `timeoutMs`). Prometheus is
 * also asked to give up server-side at the same time (`timeout`). Never throws for the
 * server's errors: they are the answer.
 */
export async function instantQuery(
  target: PrometheusTarget,
  expr: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<QueryAnswer> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const url = new URL(`${target.base}/api/v1/query`);
  url.searchParams.set('query', expr);
  url.searchParams.set('timeout', `${Math.max(1, Math.floor(timeoutMs / 1000))}s`);
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, {
      headers: target.headers,
      signal: AbortSignal.any([signal, deadline]),
      redirect: 'error',
    });
    const text = await res.text();
    let body: ApiBody;
    try {
      body = JSON.parse(text) as ApiBody;
    } catch {
      return {
        status: 'error',
        durationMs: took(),
        errorType: `http_${res.status}`,
        error: `${res.status} ${res.statusText}: not a Prometheus API answer: ${text.slice(0, 200).trim()}`,
      };
    }
    if (body.status !== 'success') {
      return {
        status: 'error',
        durationMs: took(),
        errorType: body.errorType ?? `http_${res.status}`,
        error: body.error ?? `${res.status} ${res.statusText}`,
      };
    }
    return {
      status: 'success',
      durationMs: took(),
      ...(body.data?.resultType ? { resultType: body.data.resultType } : {}),
      result: Array.isArray(body.data?.result) ? (body.data.result as QueryAnswer['result']) : [],
    };
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const timedOut = deadline.aborted;
    return {
      status: 'error',
      durationMs: took(),
      errorType: timedOut ? 'timeout' : 'unreachable',
      error: timedOut
        ? `no answer within ${formatDuration(timeoutMs)}`
        : `cannot reach ${target.base}: ${errorText(error)}`,
    };
  }
}

function errorText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}
