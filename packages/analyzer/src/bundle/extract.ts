import { createWriteStream } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BundleError } from './errors.js';
import { locateRoot, type BundleFormat } from './locate-root.js';
import { walkBundle, type WalkOptions } from './walk.js';

export interface ExtractedBundle {
  /** Absolute path of the bundle root inside destDir. */
  root: string;
  format: BundleFormat;
  /** Regular files written. */
  files: number;
}

/**
 * Safely unpacks a bundle (tar.gz, zip or directory) into `destDir`, which must not exist
 * or be empty, with every check and cap of the reader. Only regular files and
 * directories are written; links inside the bundle are left out (they only duplicate
 * files, as troubleshoot's all-logs/ does), links leaving it are refused. Used by
 * `serve`, which needs random access to the tree.
 */
export async function extractBundle(
  source: string,
  destDir: string,
  options: WalkOptions = {},
): Promise<ExtractedBundle> {
  const dest = resolve(destDir);
  await mkdir(dest, { recursive: true });
  if ((await readdir(dest)).length > 0) {
    throw new BundleError(
      `${dest}: expected an empty directory to extract into, got a non-empty one`,
    );
  }
  const made = new Set<string>();
  const walked = await walkBundle(
    source,
    (file) => async (body) => {
      // walkBundle refused absolute paths and '..'; the joined path stays under dest.
      const target = join(dest, file.path);
      const parent = dirname(target);
      if (!made.has(parent)) {
        await mkdir(parent, { recursive: true });
        made.add(parent);
      }
      await pipeline(body, createWriteStream(target));
    },
    options,
  );
  const { root, format } = locateRoot(options.label ?? source, walked.files.keys());
  return { root: join(dest, root), format, files: walked.files.size };
}

/**
 * Finds the bundle root of an unpacked tree (serve's input when given a directory),
 * applying the same refusals as the reader but reading no file.
 */
export async function locateBundleRoot(
  dir: string,
  options: WalkOptions = {},
): Promise<{ root: string; format: BundleFormat }> {
  const walked = await walkBundle(dir, () => undefined, options);
  const { root, format } = locateRoot(options.label ?? dir, walked.files.keys());
  return { root: join(resolve(dir), root), format };
}
