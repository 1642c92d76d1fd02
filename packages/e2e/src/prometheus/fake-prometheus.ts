import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One series of an instant vector, as /api/v1/query returns it. */
export interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface FakePrometheus {
  /** http://127.0.0.1:PORT */
  url: string;
  /** Queries asked, in order. */
  queries: string[];
  close(): Promise<void>;
}

/**
 * A small Prometheus-compatible server on a random loopback port: /api/v1/query (GET or
 * POST form) answers the expressions it is given with instant vectors, in the Prometheus HTTP
 * API's envelope; any other expression gets the API's error envelope (400, bad_data). With
 * `stall`, it accepts every request and never answers, as an overloaded Prometheus does.
 */
export async function startFakePrometheus(
  answers: ReadonlyMap<string, VectorSample[]>,
  options: { stall?: boolean } = {},
): Promise<FakePrometheus> {
  const queries: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const query = url.searchParams.get('query') ?? form.get('query') ?? '';
      if (url.pathname !== '/api/v1/query') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('404 page not found\n');
        return;
      }
      queries.push(query);
      if (options.stall) return;
      const result = answers.get(query);
      const body =
        result === undefined
          ? { status: 'error', errorType: 'bad_data', error: `unknown expression ${query}` }
          : { status: 'success', data: { resultType: 'vector', result } };
      res.writeHead(result === undefined ? 400 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queries,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
