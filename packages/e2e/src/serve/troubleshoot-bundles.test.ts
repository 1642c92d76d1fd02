import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { startServer } from '@studio-support/analyzer';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { Kubectl, parseTable } from './kubectl-run.js';

/**
 * Real troubleshoot bundles (../shared/external/troubleshoot, see its SOURCES.md): each is
 * served and `kubectl get pods -A` must list exactly the pods the bundle holds, read here
 * independently of the server.
 */
const external = fileURLToPath(
  new URL('../../../../../shared/external/troubleshoot/', import.meta.url),
);
const podList = /(?:^|\/)cluster-resources\/pods\/([^/]+)\.json$/;

type PodItems = { items?: { metadata: { name: string; namespace?: string } }[] };

const keysOf = (namespace: string, doc: PodItems) =>
  (doc.items ?? []).map((p) => `${p.metadata.namespace ?? namespace}/${p.metadata.name}`);

async function podsInTarball(archive: string): Promise<string[]> {
  const out: string[] = [];
  const extract = tar.extract();
  const feeding = pipeline(createReadStream(archive), createGunzip(), extract);
  for await (const entry of extract) {
    const m = podList.exec(entry.header.name);
    if (!m || entry.header.type !== 'file') {
      entry.resume();
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    out.push(...keysOf(m[1]!, JSON.parse(Buffer.concat(chunks).toString('utf8')) as PodItems));
  }
  await feeding;
  return out.sort();
}

async function podsInDirectory(root: string): Promise<string[]> {
  const dir = join(root, 'cluster-resources', 'pods');
  const out: string[] = [];
  for (const f of await readdir(dir)) {
    if (!f.endsWith('.json')) continue;
    out.push(
      ...keysOf(f.slice(0, -5), JSON.parse(await readFile(join(dir, f), 'utf8')) as PodItems),
    );
  }
  return out.sort();
}

const bundles: [string, string, (path: string) => Promise<string[]>][] = [
  [
    'troubleshoot support-bundle.tar.gz (k3s, v0.50.0)',
    'replicatedhq-troubleshoot/testdata/supportbundle/support-bundle.tar.gz',
    podsInTarball,
  ],
  [
    'troubleshoot baseline.tar.gz (k3s v1.31, v0.123.14)',
    'replicatedhq-troubleshoot/test/baselines/supportbundle/baseline.tar.gz',
    podsInTarball,
  ],
  [
    'sbctl test directory bundle (kURL, k8s v1.23)',
    'replicatedhq-sbctl/tests/support-bundle',
    podsInDirectory,
  ],
];

describe('real troubleshoot bundles served to kubectl', () => {
  it.each(bundles)(
    '%s: kubectl get pods -A lists the pods it holds',
    async (_name, rel, expectedPods) => {
      const path = join(external, rel);
      const expected = await expectedPods(path);
      expect(expected.length).toBeGreaterThan(0);
      const server = await startServer({ bundle: path });
      try {
        const kubectl = await Kubectl.create('newest');
        const r = await kubectl.run(server.kubeconfigPath, ['get', 'pods', '-A']);
        expect(r.code).toBe(0);
        const rows = parseTable(r.stdout);
        expect(rows.map((row) => `${row.NAMESPACE}/${row.NAME}`).sort()).toEqual(expected);
        expect(rows.every((row) => /^\d+\/\d+$/.test(row.READY!) && row.STATUS !== '')).toBe(true);
      } finally {
        await server.close();
      }
    },
  );

  it('the tarball without version.yaml is refused with one clear line', async () => {
    const path = join(
      external,
      'replicatedhq-troubleshoot/testdata/supportbundle/missing-version.tar.gz',
    );
    await expect(startServer({ bundle: path })).rejects.toThrow(
      `${path}: no support bundle found: expected manifest.json (studio-collect), version.yaml or cluster-resources/ (troubleshoot)`,
    );
  });
});
