import { mkdtemp, mkdir, readFile, rm, symlink, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError } from './errors.js';
import { extractBundle, locateBundleRoot } from './extract.js';
import { readBundle } from './read.js';
import { tarBytes, writeTarGz, writeZip, type TestEntry } from './test-archives.js';

const external = new URL('../../../../../shared/external/troubleshoot/', import.meta.url).pathname;
const k3s = join(
  external,
  'replicatedhq-troubleshoot/testdata/supportbundle/support-bundle.tar.gz',
);
const missingVersion = join(
  external,
  'replicatedhq-troubleshoot/testdata/supportbundle/missing-version.tar.gz',
);
const sbctl = join(external, 'replicatedhq-sbctl/tests/support-bundle');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'bundle-read-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const studioTree: TestEntry[] = [
  { name: 'studio-bundle-20261125T120000Z/', type: 'directory' },
  { name: 'studio-bundle-20261125T120000Z/manifest.json', data: '{"formatVersion":1}' },
  { name: 'studio-bundle-20261125T120000Z/version.yaml', data: 'kind: SupportBundle\n' },
  {
    name: 'studio-bundle-20261125T120000Z/cluster-resources/pods/logs/ns/p/c.log',
    data: 'one\ntwo\n',
  },
  { name: 'studio-bundle-20261125T120000Z/host/commands/df.txt', data: 'Filesystem\n' },
  { name: 'studio-bundle-20261125T120000Z/other.bin', data: 'skipped' },
];

async function lineCount(_path: string, body: AsyncIterable<Buffer>): Promise<number> {
  let n = 0;
  for await (const chunk of body) for (const b of chunk) if (b === 10) n++;
  return n;
}

async function refusal(source: string, limits = {}): Promise<string> {
  try {
    await readBundle(source, { limits });
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${source} was read without complaint`);
}

describe('readBundle reads the same tree from every container', () => {
  it.each(['tar.gz', 'zip', 'directory'])('%s', async (kind) => {
    let source = join(tmp, `same.${kind}`);
    if (kind === 'tar.gz') await writeTarGz(source, studioTree);
    else if (kind === 'zip') await writeZip(source, studioTree);
    else {
      for (const e of studioTree.filter((x) => x.type !== 'directory')) {
        await mkdir(join(source, e.name, '..'), { recursive: true });
        await writeFile(join(source, e.name), e.data ?? '');
      }
      source = join(source, 'studio-bundle-20261125T120000Z');
    }
    const bundle = await readBundle(source, { scanLog: lineCount });
    expect(bundle.format).toBe('studio');
    expect(bundle.root).toBe(kind === 'directory' ? '' : 'studio-bundle-20261125T120000Z');
    expect([...bundle.files.keys()].sort()).toEqual([
      'cluster-resources/pods/logs/ns/p/c.log',
      'host/commands/df.txt',
      'manifest.json',
      'other.bin',
      'version.yaml',
    ]);
    expect([...bundle.documents.keys()].sort()).toEqual([
      'host/commands/df.txt',
      'manifest.json',
      'version.yaml',
    ]);
    expect(bundle.documents.get('manifest.json')?.toString()).toBe('{"formatVersion":1}');
    expect(Object.fromEntries(bundle.logs)).toEqual({
      'cluster-resources/pods/logs/ns/p/c.log': 2,
      'host/commands/df.txt': 1,
    });
  });
});

describe('real troubleshoot bundles', () => {
  it('the k3s tarball: root support-bundle/, all-logs/ symlinks kept as links, logs scanned', async () => {
    const bundle = await readBundle(k3s, { scanLog: lineCount });
    expect(bundle).toMatchObject({
      format: 'troubleshoot',
      root: 'support-bundle',
      container: 'tar',
    });
    expect(bundle.links.get('all-logs/nginx-deployment-7986654d4-ztx2g/hello.log')).toBe(
      'cluster-resources/pods/logs/default/nginx-deployment-7986654d4-ztx2g/hello.log',
    );
    expect(
      bundle.logs.get(
        'cluster-resources/pods/logs/default/nginx-deployment-7986654d4-ztx2g/hello.log',
      ),
    ).toBeGreaterThan(100);
    expect(bundle.documents.has('cluster-resources/pods/default.json')).toBe(true);
  });

  it("sbctl's unpacked bundle has no version.yaml and is still troubleshoot's layout", async () => {
    const bundle = await readBundle(sbctl);
    expect(bundle).toMatchObject({ format: 'troubleshoot', root: '', container: 'directory' });
  });

  it("troubleshoot's own missing-version fixture holds no bundle", async () => {
    expect(await refusal(missingVersion)).toMatch(
      /no support bundle found: expected manifest\.json/,
    );
  });
});

describe('kubectl cluster-info dump layout', () => {
  it('is found by nodes.json beside <namespace>/pods.json', async () => {
    const source = join(tmp, 'dump.tar.gz');
    await writeTarGz(source, [
      { name: 'dump/nodes.json', data: '{}' },
      { name: 'dump/datachain-studio/pods.json', data: '{}' },
      { name: 'dump/datachain-studio/p-1/logs.txt', data: 'x\n' },
    ]);
    const bundle = await readBundle(source, { scanLog: lineCount });
    expect(bundle).toMatchObject({ format: 'cluster-info-dump', root: 'dump' });
    expect(bundle.logs.get('datachain-studio/p-1/logs.txt')).toBe(1);
  });
});

describe('hostile and broken input: one line naming the entry', () => {
  const cases: [string, TestEntry[], RegExp][] = [
    [
      'dot-dot',
      [{ name: 'b/../../evil.txt', data: 'x' }],
      /"b\/\.\.\/\.\.\/evil\.txt".*climbs out with "\.\."/,
    ],
    ['absolute', [{ name: '/etc/passwd', data: 'x' }], /"\/etc\/passwd".*an absolute path/],
    [
      'escaping symlink',
      [{ name: 'b/all-logs/x.log', type: 'symlink', linkname: '../../../etc/shadow' }],
      /"b\/all-logs\/x\.log".*a symlink pointing outside the bundle/,
    ],
    [
      'absolute symlink',
      [{ name: 'b/x.log', type: 'symlink', linkname: '/etc/shadow' }],
      /"b\/x\.log".*a symlink to the absolute path "\/etc\/shadow"/,
    ],
    [
      'escaping hard link',
      [{ name: 'b/x.log', type: 'link', linkname: '../outside' }],
      /"b\/x\.log".*a hardlink pointing outside the bundle/,
    ],
    [
      'fifo',
      [{ name: 'b/pipe', type: 'fifo' }],
      /"b\/pipe": expected a regular file, directory or link, got a device, FIFO or socket$/,
    ],
  ];
  it.each(cases)('tar.gz: %s', async (name, entries, message) => {
    const source = join(tmp, `${name.replace(/ /g, '-')}.tar.gz`);
    await writeTarGz(source, [{ name: 'b/version.yaml', data: 'x' }, ...entries]);
    expect(await refusal(source)).toMatch(message);
  });
  it.each(cases.filter(([n]) => !['fifo', 'escaping hard link'].includes(n)))(
    'zip: %s',
    async (name, entries, message) => {
      const source = join(tmp, `${name.replace(/ /g, '-')}.zip`);
      await writeZip(source, [{ name: 'b/version.yaml', data: 'x' }, ...entries]);
      expect(await refusal(source)).toMatch(message);
    },
  );

  it('a symlink inside the bundle is recorded, not followed', async () => {
    const source = join(tmp, 'inside-link.tar.gz');
    await writeTarGz(source, [
      { name: 'b/version.yaml', data: 'x' },
      {
        name: 'b/all-logs/p/c.log',
        type: 'symlink',
        linkname: '../../cluster-resources/pods/logs/ns/p/c.log',
      },
    ]);
    const bundle = await readBundle(source);
    expect(bundle.links.get('all-logs/p/c.log')).toBe('cluster-resources/pods/logs/ns/p/c.log');
    expect(bundle.files.has('all-logs/p/c.log')).toBe(false);
  });

  it('a directory symlink leaving the tree is refused', async () => {
    const dir = join(tmp, 'dir-escape');
    await mkdir(dir);
    await writeFile(join(dir, 'version.yaml'), 'x');
    await symlink('/etc', join(dir, 'etc'));
    expect(await refusal(dir)).toMatch(/"etc".*a symlink to the absolute path "\/etc"/);
  });

  it('a tar.gz bomb is refused by its ratio while streaming', async () => {
    const source = join(tmp, 'bomb.tar.gz');
    await writeTarGz(source, [
      { name: 'b/version.yaml', data: 'x' },
      { name: 'b/zeros.log', data: Buffer.alloc(64 * 1024 * 1024) },
    ]);
    expect(await refusal(source)).toMatch(
      /"b\/zeros\.log".*compression ratio of at most 200:1, got \d+:1/,
    );
  });

  it('a zip bomb is refused from its declared sizes before inflating', async () => {
    const source = join(tmp, 'bomb.zip');
    await writeZip(source, [
      { name: 'b/version.yaml', data: 'x' },
      { name: 'b/zeros.log', data: Buffer.alloc(64 * 1024 * 1024) },
    ]);
    expect(await refusal(source)).toMatch(
      /"b\/zeros\.log": expected a compression ratio of at most 200:1, got \d+:1 \(a decompression bomb\?\)$/,
    );
  });

  it('caps on entries, file size and total size', async () => {
    const source = join(tmp, 'caps.tar.gz');
    await writeTarGz(source, [
      { name: 'b/version.yaml', data: 'x' },
      { name: 'b/one.log', data: 'x'.repeat(100) },
      { name: 'b/two.log', data: 'x'.repeat(100) },
    ]);
    expect(await refusal(source, { maxEntries: 2 })).toMatch(
      /"b\/two\.log": expected at most 2 entries, got entry number 3$/,
    );
    expect(await refusal(source, { maxFileBytes: 50 })).toMatch(
      /"b\/one\.log": expected a file of at most 50 bytes, got 100 bytes$/,
    );
    expect(await refusal(source, { maxTotalBytes: 150 })).toMatch(
      /"b\/two\.log": expected a bundle total of at most 150 bytes, got 201 bytes$/,
    );
  });

  it('corrupt archives', async () => {
    const garbage = join(tmp, 'garbage.tar.gz');
    await writeFile(garbage, 'this is not an archive');
    expect(await refusal(garbage)).toMatch(
      /garbage\.tar\.gz: corrupt archive: expected tar\.gz data, got a file starting with bytes 74 68 69 73/,
    );

    const truncated = join(tmp, 'truncated.tar.gz');
    const whole = gzipSync(await tarBytes([{ name: 'b/version.yaml', data: 'x'.repeat(5000) }]));
    await writeFile(truncated, whole.subarray(0, whole.length - 30));
    expect(await refusal(truncated)).toMatch(
      /truncated\.tar\.gz: corrupt archive: expected a readable tar\.gz, got "unexpected end of file"/,
    );

    const badGzip = join(tmp, 'bad-gzip.tgz');
    await writeFile(badGzip, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(100, 7)]));
    expect(await refusal(badGzip)).toMatch(
      /bad-gzip\.tgz: corrupt archive: expected a readable tar\.gz/,
    );

    const notTar = join(tmp, 'not-tar.tar.gz');
    await writeFile(notTar, gzipSync(Buffer.alloc(2048, 0x41)));
    expect(await refusal(notTar)).toMatch(
      /not-tar\.tar\.gz: corrupt archive: expected a readable tar\.gz, got "Invalid tar header/,
    );

    const badZip = join(tmp, 'bad.zip');
    await writeFile(badZip, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]));
    expect(await refusal(badZip)).toMatch(
      /bad\.zip: corrupt archive: expected a readable zip, got "End of central directory record signature not found/,
    );
  });

  it('a path that does not exist, and two bundles side by side', async () => {
    expect(await refusal(join(tmp, 'nope.tar.gz'))).toMatch(
      /nope\.tar\.gz: expected a \.tar\.gz.*got nothing at that path/,
    );
    const two = join(tmp, 'two.tar.gz');
    await writeTarGz(two, [
      { name: 'a/manifest.json', data: '{}' },
      { name: 'b/manifest.json', data: '{}' },
    ]);
    expect(await refusal(two)).toMatch(
      /expected one bundle, got manifest\.json in both "a" and "b"/,
    );
  });
});

describe('extractBundle and locateBundleRoot (for serve)', () => {
  it('unpacks regular files only and reports the root', async () => {
    const dest = join(tmp, 'extracted');
    const out = await extractBundle(k3s, dest);
    expect(out).toMatchObject({ root: join(dest, 'support-bundle'), format: 'troubleshoot' });
    expect(await readFile(join(out.root, 'version.yaml'), 'utf8')).toContain('SupportBundle');
    // all-logs/ holds only symlinks in the source, none of which is recreated
    expect(await readdir(out.root)).not.toContain('all-logs');
    expect(await locateBundleRoot(dest)).toEqual({ root: out.root, format: 'troubleshoot' });
  });

  it('refuses a non-empty destination and hostile archives', async () => {
    await expect(extractBundle(k3s, join(tmp, 'extracted'))).rejects.toThrow(
      /expected an empty directory/,
    );
    const evil = join(tmp, 'evil-extract.tar.gz');
    await writeTarGz(evil, [{ name: '../evil.txt', data: 'x' }]);
    await expect(extractBundle(evil, join(tmp, 'evil-dest'))).rejects.toThrow(/climbs out/);
    await expect(readFile(join(tmp, 'evil.txt'))).rejects.toThrow();
  });
});
