// Test helpers only (imported by *.test.ts): one collector against a scripted API server.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { CollectorRun } from '@studio-support/schema';
import { deterministicClock, runCollectors, Staging, type Collector } from '../../bundle/index.js';
import { KubeClient } from '../../k8s/client.js';
import { startTestApi, type TestApiServer } from '../../k8s/testing.js';
import { Redactor } from '../../redact/index.js';
import { K8sEnv, type K8sOptions } from './env.js';

export interface CollectorTrial {
  run: CollectorRun;
  api: TestApiServer;
  staging: Staging;
  /** A written bundle file, parsed. */
  json<T>(path: string): Promise<T>;
  text(path: string): Promise<string>;
  close(): Promise<void>;
}

/** Runs one collector (namespace "studio") against a server `handler` scripts, then stops it. */
export async function tryCollector(
  collector: Collector<K8sEnv>,
  handler: (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>,
  {
    options = {},
    requestTimeoutMs = 2000,
    onUpgrade,
  }: {
    options?: Partial<K8sOptions>;
    requestTimeoutMs?: number;
    onUpgrade?: Parameters<typeof startTestApi>[1];
  } = {},
): Promise<CollectorTrial> {
  const api = await startTestApi(handler, onUpgrade);
  const client = await KubeClient.create({
    connection: {
      server: api.url,
      source: 'test',
      ca: Buffer.from(api.caPem),
      insecureSkipTlsVerify: false,
      auth: { kind: 'none' },
    },
    concurrency: 2,
    requestTimeoutMs,
    signal: new AbortController().signal,
    backoffMs: 10,
  });
  const clock = deterministicClock({});
  const env = new K8sEnv(
    client,
    {
      namespace: 'studio',
      maxLogLines: 10,
      maxLogBytes: 1000,
      concurrency: 2,
      probeHealth: false,
      ...options,
    },
    clock,
    { version: {} },
  );
  const staging = await Staging.create(new Redactor());
  try {
    const [run] = await runCollectors([collector], {
      env,
      staging,
      clock,
      signal: new AbortController().signal,
      concurrency: 1,
    });
    const text = (path: string) => readFile(join(staging.dir, path), 'utf8');
    return {
      run: run!,
      api,
      staging,
      text,
      json: async <T>(path: string) => JSON.parse(await text(path)) as T,
      close: async () => {
        await api.close();
        await staging.remove();
      },
    };
  } finally {
    client.close();
  }
}
