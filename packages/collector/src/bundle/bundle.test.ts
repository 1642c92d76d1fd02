import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { validate, type Manifest } from '@studio-support/schema';
import * as tar from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../redact/index.js';
import { deterministicClock, systemClock, type Clock } from './clock.js';
import type { Collector } from './context.js';
import { finalizeBundle } from './finalize.js';
import { runCollectors } from './run.js';
import { Staging } from './staging.js';

let out: string;
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'bundle-test-'));
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

async function* text(s: string): AsyncIterable<string> {
  yield s;
}

const collectors: Collector<{ password: string }>[] = [
  {
    id: 'ok-one',
    description: 'writes JSON with a secret in it',
    async collect(ctx) {
      await ctx.writeJson('cluster-resources/configmaps/ns.json', {
        items: [{ data: { DB_PASSWORD: ctx.env.password, MODE: 'prod' } }],
      });
    },
  },
  {
    id: 'partial-one',
    description: 'writes a capped log, then fails on something else',
    async collect(ctx) {
      await ctx.writeTail(
        'cluster-resources/pods/logs/ns/p/c.log',
        text('a\nb\nc\npassword=' + ctx.env.password + '\n'),
        {
          maxBytes: 1000,
          maxLines: 2,
        },
      );
      ctx.error({
        message: 'events is forbidden',
        httpStatus: 403,
        path: 'cluster-resources/events/ns.json',
      });
    },
  },
  {
    id: 'throws',
    description: 'throws',
    async collect() {
      throw new Error('boom');
    },
  },
  {
    id: 'not-here',
    description: 'skips',
    async collect(ctx) {
      ctx.skip('no ingress controller found');
    },
  },
];

async function collect(clock: Clock, outFile: string) {
  const staging = await Staging.create(new Redactor());
  try {
    const runs = await runCollectors(collectors, {
      env: { password: 'canary-value-42' },
      staging,
      clock,
      signal: new AbortController().signal,
      concurrency: 2,
    });
    return await finalizeBundle({
      staging,
      clock,
      collectedAt: clock.now(),
      target: { kind: 'host', address: 'localhost', via: 'local' },
      options: { maxLogLines: 2 },
      collectors: runs,
      outFile,
    });
  } finally {
    await staging.remove();
  }
}

async function entries(
  path: string,
): Promise<{ name: string; mode?: number; uid?: number; type?: string; body: string }[]> {
  const extract = tar.extract();
  const list: { name: string; mode?: number; uid?: number; type?: string; body: string }[] = [];
  createReadStream(path).pipe(createGunzip()).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    const h = entry.header;
    list.push({
      name: h.name,
      mode: h.mode,
      uid: h.uid,
      type: h.type,
      body: Buffer.concat(chunks).toString(),
    });
  }
  return list;
}

describe('a collection, end to end', () => {
  it('writes a valid manifest that says what is partial, failed and skipped, and no secret', async () => {
    const written = await collect(systemClock(), join(out, 'b.tar.gz'));
    expect(validate('manifest', written.manifest)).toEqual([]);
    const byId = Object.fromEntries(written.manifest.collectors.map((c) => [c.id, c]));
    expect(byId['ok-one']?.status).toBe('ok');
    expect(byId['partial-one']?.status).toBe('partial');
    expect(byId['partial-one']?.truncated[0]).toMatchObject({
      path: 'cluster-resources/pods/logs/ns/p/c.log',
      keptLines: 2,
    });
    expect(byId['throws']).toMatchObject({ status: 'failed', errors: [{ message: 'boom' }] });
    expect(byId['not-here']).toMatchObject({
      status: 'skipped',
      reason: 'no ingress controller found',
    });
    expect(written.partial).toBe(true);
    expect(written.manifest.redaction.counts).toEqual({ 'secret-key-name': 1, 'secret-pair': 1 });

    const list = await entries(written.path);
    const root = list[0]!.name;
    expect(root).toMatch(/^studio-bundle-\d{8}T\d{6}Z\/$/);
    expect(list.map((e) => e.name)).toEqual([...list.map((e) => e.name)].sort());
    for (const e of list) {
      expect(e.name.startsWith(root)).toBe(true);
      expect(e.uid).toBe(0);
      expect(e.mode).toBe(e.type === 'directory' ? 0o755 : 0o644);
      expect(e.body).not.toContain('canary-value-42');
    }
    const log = list.find((e) => e.name.endsWith('c.log'))!;
    expect(log.body).toBe('c\npassword=***\n');
    expect(list.map((e) => e.name.slice(root.length))).toContain('version.yaml');
  });

  it('is byte-identical across two deterministic runs', async () => {
    const clock = deterministicClock({ SOURCE_DATE_EPOCH: '1764000000' });
    const a = await collect(clock, join(out, 'a.tar.gz'));
    const b = await collect(clock, join(out, 'b.tar.gz'));
    expect((await readFile(a.path)).equals(await readFile(b.path))).toBe(true);
    const manifest = a.manifest as Manifest;
    expect(manifest.collectedAt).toBe('2025-11-24T16:00:00.000Z');
    expect(manifest.collectors.every((c) => c.durationMs === 0)).toBe(true);
  });

  it('rejects a malformed SOURCE_DATE_EPOCH with a clear message', () => {
    expect(() => deterministicClock({ SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(
      'SOURCE_DATE_EPOCH: expected whole seconds since 1970, got "yesterday"',
    );
  });
});
