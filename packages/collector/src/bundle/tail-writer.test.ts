import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

  it('does not split multi-byte characters at chunk boundaries', async () => {
    const dest = join(dir, 'e.log');
    await writeTail(chunks('żółć ✓\n', 1), dest, { maxBytes: 100, maxLines: 100 }, keep);
    expect(await readFile(dest, 'utf8')).toBe('żółć ✓\n');
  });
});
