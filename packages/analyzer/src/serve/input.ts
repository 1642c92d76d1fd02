import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BundleError,
  extractBundle,
  locateBundleRoot,
  type BundleFormat,
} from '../bundle/index.js';

/** What serve can answer from: ours (manifest.json) or troubleshoot's layout. */
export type BundleFlavor = Exclude<BundleFormat, 'cluster-info-dump'>;

export interface OpenedInput {
  /** Absolute path of the bundle root (the directory holding cluster-resources/ etc.). */
  root: string;
  flavor: BundleFlavor;
  /** Removes what opening created (an unpacked archive); a no-op for directories. */
  cleanup(): Promise<void>;
}

function servable(input: string, format: BundleFormat): BundleFlavor {
  if (format === 'cluster-info-dump') {
    throw new BundleError(
      `${input}: a kubectl cluster-info dump cannot be served: expected a studio-collect or troubleshoot bundle (cluster-resources/<kind>/<namespace>.json), got <namespace>/<kind>.json files`,
    );
  }
  return format;
}

/**
 * Opens a bundle directory or archive for serving, through the analyzer's safe bundle
 * reader (caps, refused paths, root location). Archives are unpacked to a private
 * temporary directory, because logs must be on disk to be streamed and tailed.
 */
export async function openInput(input: string): Promise<OpenedInput> {
  const isDir = (await stat(input).catch(() => undefined))?.isDirectory() ?? false;
  if (isDir) {
    const { root, format } = await locateBundleRoot(input);
    return { root, flavor: servable(input, format), cleanup: async () => {} };
  }
  const temp = await mkdtemp(join(tmpdir(), 'studio-serve-'));
  const cleanup = () => rm(temp, { recursive: true, force: true });
  try {
    const { root, format } = await extractBundle(input, join(temp, 'bundle'));
    return { root, flavor: servable(input, format), cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
