import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { toolVersion } from './version.js';

it('toolVersion equals package.json version', async () => {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  expect(toolVersion).toBe(pkg.version);
});
