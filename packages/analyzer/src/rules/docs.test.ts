import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { docsPath, withReference } from './docs.js';

it('docs/writing-rules.md lists every operator and fact field (run `node packages/analyzer/dist/rules/docs.js` to update)', async () => {
  const doc = await readFile(docsPath, 'utf8');
  expect(doc).toBe(withReference(doc));
});
