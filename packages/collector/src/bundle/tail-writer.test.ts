import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Redactor } from '../redact/index.js';
import { writeTail } from './tail-writer.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tail-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* chunks(text: string, size: number): AsyncIterable<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

const lines = (n: number): string =>
  Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
const keep = (s: string): string => s;

describe('writeTail', () => {
  it('keeps everything under the caps, across chunk boundaries', async () => {
    const dest = join(dir, 'a.log');
    const r = await writeTail(chunks(lines(10), 7), dest, { maxBytes: 1e6, maxLines: 100 }, keep);
    expect(await readFile(dest, 'utf8')).toBe(lines(10));
    expect(r).toMatchObject({ lines: 10, droppedBytes: 0 });
  });

  it('keeps the newest maxLines lines', async () => {
    const dest = join(dir, 'b.log');
    const r = await writeTail(chunks(lines(1000), 100), dest, { maxBytes: 1e6, maxLines: 3 }, keep);
    expect(await readFile(dest, 'utf8')).toBe('line 998\nline 999\nline 1000\n');
    expect(r.lines).toBe(3);
    expect(r.droppedBytes).toBe(Buffer.byteLength(lines(1000)) - r.bytes);
  });

  it('keeps the newest maxLines lines of a log longer than its first ring', async () => {
    for (const maxLines of [1500, 5000]) {
      const dest = join(dir, `g${maxLines}.log`);
      const caps = { maxBytes: 1e6, maxLines };
      const r = await writeTail(chunks(lines(3000), 1000), dest, caps, keep);
      const kept = Math.min(maxLines, 3000);
      expect(r.lines).toBe(kept);
      expect((await readFile(dest, 'utf8')).startsWith(`line ${3000 - kept + 1}\n`)).toBe(true);
    }
  });

  it('keeps the newest whole lines within maxBytes', async () => {
    const dest = join(dir, 'c.log');
    const r = await writeTail(chunks(lines(100), 13), dest, { maxBytes: 20, maxLines: 1000 }, keep);
    expect(await readFile(dest, 'utf8')).toBe('line 99\nline 100\n');
    expect(r.bytes).toBeLessThanOrEqual(20);
  });

  it('redacts every line and keeps a last line without newline', async () => {
    const dest = join(dir, 'd.log');
    await writeTail(chunks('a secret\nb secret', 3), dest, { maxBytes: 100, maxLines: 100 }, (l) =>
      l.replace('secret', '***'),
    );
    expect(await readFile(dest, 'utf8')).toBe('a ***\nb ***');
  });

  it('writes clean blocks whole and redacts the lines that need it, with the same caps', async () => {
    const log = [
      ...Array.from({ length: 400 }, (_, i) => `GET /api/health ${i} 200`),
      'DATABASE_URL=postgresql://studio:canary-1@db:5432/studio',
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEAcanary2',
      ...Array.from({ length: 300 }, () => 'Zm9vYmFyY2FuYXJ5Mw=='),
      '-----END RSA PRIVATE KEY-----',
      ...Array.from({ length: 400 }, (_, i) => `GET /api/user ${i} 200`),
    ].join('\n');
    for (const size of [1, 64, 4096, 1 << 20]) {
      const dest = join(dir, `f${size}.log`);
      const caps = { maxBytes: 1e6, maxLines: 1000 };
      const block = await writeTail(chunks(log, size), dest, caps, new Redactor().lines());
      const perLine = await writeTail(chunks(log, size), `${dest}.2`, caps, (l) => l);
      const text = await readFile(dest, 'utf8');
      expect(text).not.toMatch(/canary/);
      expect(text).toContain('postgresql://studio:***@db');
      expect(text.split('\n')).toHaveLength(1000);
      expect(text.endsWith('GET /api/user 399 200')).toBe(true);
      // One line in, one line out: the caps count the same lines either way.
      expect(block.lines).toBe(perLine.lines);
    }
  });

  it('does not split multi-byte characters at chunk boundaries', async () => {
    const dest = join(dir, 'e.log');
    await writeTail(chunks('żółć ✓\n', 1), dest, { maxBytes: 100, maxLines: 100 }, keep);
    expect(await readFile(dest, 'utf8')).toBe('żółć ✓\n');
  });
});
