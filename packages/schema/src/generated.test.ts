import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generate, generatedDir } from './codegen/generate.js';

describe('generated code', () => {
  it('types.ts and schemas.ts match schemas/*.schema.json (run `npm run generate -w @studio-support/schema`)', async () => {
    const fresh = await generate();
    expect(await readFile(generatedDir + 'types.ts', 'utf8')).toBe(fresh.types);
    expect(await readFile(generatedDir + 'schemas.ts', 'utf8')).toBe(fresh.schemas);
  });
});
