import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  prometheusQueriesPath,
  validate,
  type PrometheusQueriesFile,
} from '@studio-support/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { status } from '../../k8s/testing.js';
import { prometheusAlerts, prometheusQueries } from './prometheus-alerts.js';
import { tryCollector, type CollectorTrial } from './testing.js';

let trial: CollectorTrial | undefined;
let prometheus: { url: string; close(): Promise<void> } | undefined;
afterEach(async () => {
  await trial?.close();
  await prometheus?.close();
});

/** A loopback HTTP server answering /api/v1/query the way Prometheus does. */
async function startPrometheus(answer: (query: string) => unknown): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = answer(url.searchParams.get('query') ?? '');
    if (body === undefined) return; // never answers
    res.writeHead((body as { status: string }).status === 'success' ? 200 : 400, {
      'content-type': 'application/json',
    });
    res.end(JSON.stringify(body));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://user:s3cret@127.0.0.1:${(server.address() as AddressInfo).port}`;
  prometheus = {
    url,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  return url;
}

const api = (_req: unknown, res: ServerResponse) => status(res, 404, 'NotFound', 'not found');

describe('prometheus-alerts', () => {
  it("asks the guide's alert expressions and records what Prometheus answered", async () => {
    const url = await startPrometheus((query) =>
      query.startsWith('up{')
        ? { status: 'error', errorType: 'bad_data', error: 'parse error' }
        : {
            status: 'success',
            data: {
              resultType: 'vector',
              result: query.startsWith('ALERTS')
                ? []
                : [{ metric: { service: 'studio-frontend' }, value: [1795611452.158, '0.4'] }],
            },
          },
    );
    trial = await tryCollector(prometheusAlerts, api, { options: { prometheusUrl: url } });
    const file = await trial.json<PrometheusQueriesFile>(prometheusQueriesPath);
    expect(validate('prometheus-queries', file)).toEqual([]);
    expect(file.url).toBe(url.replace('user:s3cret@', ''));
    expect(file.queries.map((q) => [q.id, q.expr, q.status])).toEqual(
      prometheusQueries.map((q) => [
        q.id,
        q.expr,
        q.id === 'backend-service-down' ? 'error' : 'success',
      ]),
    );
    expect(file.queries[0]!.result).toEqual([
      { metric: { service: 'studio-frontend' }, value: [1795611452.158, '0.4'] },
    ]);
    expect(trial.run.status).toBe('partial');
    expect(trial.run.errors.map((e) => [e.code, e.message])).toEqual([
      [
        'PrometheusError',
        'Prometheus backend-service-down (up{job="datachain-studio-backend"} == 0): parse error',
      ],
    ]);
    expect(await trial.text(prometheusQueriesPath)).not.toContain('s3cret');
  });

  it('a Prometheus that never answers: every query ends at the request timeout', async () => {
    const url = await startPrometheus(() => undefined);
    const started = performance.now();
    trial = await tryCollector(prometheusAlerts, api, {
      options: { prometheusUrl: url },
      requestTimeoutMs: 400,
    });
    expect(performance.now() - started).toBeLessThan(3000);
    const file = await trial.json<PrometheusQueriesFile>(prometheusQueriesPath);
    expect(file.queries.every((q) => q.status === 'error' && q.errorType === 'timeout')).toBe(true);
    expect(trial.run.errors.map((e) => e.code)).toEqual([
      'Timeout',
      'Timeout',
      'Timeout',
      'Timeout',
    ]);
    expect(trial.run.errors[0]!.message).toMatch(/: no answer within 400ms$/);
  });

  it('is skipped without --prometheus', async () => {
    trial = await tryCollector(prometheusAlerts, api);
    expect(trial.run).toMatchObject({ status: 'skipped', reason: '--prometheus not given' });
  });
});
