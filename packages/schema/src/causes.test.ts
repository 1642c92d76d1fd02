import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { causeIds, causeLayers } from './causes.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Ids and layers of a markdown table whose rows start with | `id` | layer |. */
async function tableOf(path: string): Promise<[string, string][]> {
  const text = await readFile(path, 'utf8');
  return [...text.matchAll(/^\|\s*`([a-z0-9-]+)`\s*\|\s*([a-z]+)\s*\|/gm)].map((m) => [
    m[1]!,
    m[2]!,
  ]);
}

describe('cause ids', () => {
  it('docs/causes.md lists exactly the schema enum, in order, with the same layers', async () => {
    const docs = await tableOf(repoRoot + 'docs/causes.md');
    expect(docs.map(([id]) => id)).toEqual([...causeIds]);
    expect(Object.fromEntries(docs)).toEqual(causeLayers);
  });

  it('the shared taxonomy (../shared/CAUSES.md) agrees with the schema', async () => {
    const shared = repoRoot + '../shared/CAUSES.md';
    expect(existsSync(shared), `${shared} must sit beside the project`).toBe(true);
    const table = await tableOf(shared);
    expect(table.map(([id]) => id)).toEqual([...causeIds]);
    expect(Object.fromEntries(table)).toEqual(causeLayers);
  });
});
