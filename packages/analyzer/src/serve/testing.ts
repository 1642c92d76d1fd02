// Test helpers only (imported by *.test.ts).
import { request as httpsRequest } from 'node:https';
import type { ServeHandle } from './server.js';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function get(
  server: ServeHandle,
  path: string,
  options: { token?: string | null; accept?: string; method?: string; timeoutMs?: number } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const token = options.token === undefined ? server.token : options.token;
    const req = httpsRequest(
      `${server.url}${path}`,
      {
        method: options.method ?? 'GET',
        ca: server.caPem,
        headers: {
          ...(token !== null && { authorization: `Bearer ${token}` }),
          ...(options.accept && { accept: options.accept }),
        },
        timeout: options.timeoutMs ?? 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}
