import { mkdtemp, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError } from '../bundle/index.js';
import { openInput } from './input.js';

const troubleshoot = fileURLToPath(
  new URL('../../../../../shared/external/troubleshoot/', import.meta.url),
);

describe('serve input', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serve-input-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('unpacks a troubleshoot tarball to a temporary root and removes it on cleanup', async () => {
    const opened = await openInput(
      join(troubleshoot, 'replicatedhq-troubleshoot/testdata/supportbundle/support-bundle.tar.gz'),
    );
    expect(opened.flavor).toBe('troubleshoot');
    expect(opened.root).toMatch(/support-bundle$/);
    expect((await stat(join(opened.root, 'version.yaml'))).isFile()).toBe(true);
    await opened.cleanup();
    await expect(stat(opened.root)).rejects.toThrow(/ENOENT/);
  });

  it('serves sbctl’s directory bundle, which has cluster-resources/ but no version.yaml', async () => {
    const opened = await openInput(join(troubleshoot, 'replicatedhq-sbctl/tests/support-bundle'));
    expect(opened.root).toMatch(/support-bundle$/);
  });

  it('says clearly that the missing-version tarball holds no bundle', async () => {
    const archive = join(
      troubleshoot,
      'replicatedhq-troubleshoot/testdata/supportbundle/missing-version.tar.gz',
    );
    await expect(openInput(archive)).rejects.toThrow(BundleError);
    await expect(openInput(archive)).rejects.toThrow(
      /no support bundle found: expected manifest\.json/,
    );
  });

  it('refuses a kubectl cluster-info dump layout, naming what it expected', async () => {
    const dump = join(dir, 'dump');
    await mkdir(join(dump, 'default'), { recursive: true });
    await writeFile(join(dump, 'nodes.json'), '{"items":[]}');
    await writeFile(join(dump, 'default', 'pods.json'), '{"items":[]}');
    await expect(openInput(dump)).rejects.toThrow(/a kubectl cluster-info dump cannot be served/);
  });

  it('names a missing path', async () => {
    await expect(openInput(join(dir, 'nope.tar.gz'))).rejects.toThrow(/nothing at that path/);
  });
});
