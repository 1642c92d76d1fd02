import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tailOffset } from './logs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-logs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function tail(content: string, lines: number): Promise<string> {
  const file = join(dir, 'x.log');
  await writeFile(file, content);
  const size = Buffer.byteLength(content);
  return content.slice(await tailOffset(file, size, lines));
}

describe('tailOffset (tailLines)', () => {
  it.each([
    ['a\nb\nc\n', 2, 'b\nc\n'],
    ['a\nb\nc\n', 3, 'a\nb\nc\n'],
    ['a\nb\nc\n', 10, 'a\nb\nc\n'],
    ['a\nb\nc', 1, 'c'],
    ['a\nb\nc', 2, 'b\nc'],
    ['a\nb\nc\n', 0, ''],
    ['', 5, ''],
    ['\n\n\n', 2, '\n\n'],
  ])('%j, last %i lines', async (content, lines, expected) => {
    expect(await tail(content, lines)).toBe(expected);
  });

  it('finds the tail of a file larger than its read block', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `line ${i}`);
    const content = `${lines.join('\n')}\n`;
    expect(await tail(content, 3)).toBe('line 29997\nline 29998\nline 29999\n');
  });
});
