import { safeEntryPath, safeLinkTarget, refuse } from './entry-path.js';
import { defaultLimits, type BundleLimits } from './limits.js';
import { openEntrySource } from './source.js';
import type { ContainerKind } from './sources/entry.js';

export interface WalkedFile {
  /** Path relative to the top of the archive or directory, '/'-separated. */
  path: string;
  size: number;
}

/** Consumes one file's bytes; the walker has already applied every cap to them. */
export type BodyHandler = (body: AsyncIterable<Buffer>) => Promise<void>;

export interface WalkResult {
  container: ContainerKind;
  /** Every regular file: path → size. */
  files: Map<string, number>;
  /** Links that stay inside the bundle: path → target. Never followed. */
  links: Map<string, string>;
}

export interface WalkOptions {
  limits?: Partial<BundleLimits>;
  /** How the bundle is named in messages; defaults to the source path. */
  label?: string;
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[i]}`;
}

/**
 * Visits every entry of a bundle (directory, tar, tar.gz or zip) once, in container
 * order, refusing anything unsafe with a BundleError that names the entry: unsafe
 * names, links leaving the bundle, devices, and any cap in `limits` exceeded. For each
 * regular file `choose` decides whether to read it; unread files are skipped cheaply
 * where the container allows.
 */
export async function walkBundle(
  source: string,
  choose: (file: WalkedFile) => BodyHandler | undefined,
  options: WalkOptions = {},
): Promise<WalkResult> {
  const limits = { ...defaultLimits, ...options.limits };
  const label = options.label ?? source;
  const src = await openEntrySource(source, label, limits);
  const files = new Map<string, number>();
  const links = new Map<string, string>();
  let entries = 0;
  let total = 0;
  let totalCompressed = 0;
  const tooMuch = (name: string, what: string, got: number, cap: number): Error =>
    refuse(label, name, formatBytes(got), `${what} of at most ${formatBytes(cap)}`);
  try {
    for await (const entry of src.entries) {
      entries++;
      if (entries > limits.maxEntries) {
        throw refuse(
          label,
          entry.name,
          `entry number ${entries}`,
          `at most ${limits.maxEntries} entries`,
        );
      }
      const path = safeEntryPath(label, entry.name);
      if (entry.type === 'other') {
        throw refuse(
          label,
          entry.name,
          'a device, FIFO or socket',
          'a regular file, directory or link',
        );
      }
      if (entry.type === 'symlink' || entry.type === 'hardlink') {
        links.set(path, safeLinkTarget(label, path, entry.linkTarget ?? '', entry.type));
        continue;
      }
      if (entry.type === 'directory' || path === '') continue;

      if (entry.size > limits.maxFileBytes) {
        throw tooMuch(entry.name, 'a file', entry.size, limits.maxFileBytes);
      }
      total += entry.size;
      if (total > limits.maxTotalBytes) {
        throw tooMuch(entry.name, 'a bundle total', total, limits.maxTotalBytes);
      }
      if (entry.compressedSize !== undefined) {
        totalCompressed += entry.compressedSize;
        for (const [size, packed] of [
          [entry.size, entry.compressedSize],
          [total, totalCompressed],
        ] as const) {
          if (size >= limits.ratioFloorBytes && size > limits.maxRatio * Math.max(packed, 1)) {
            throw refuse(
              label,
              entry.name,
              `${Math.round(size / Math.max(packed, 1))}:1 (a decompression bomb?)`,
              `a compression ratio of at most ${limits.maxRatio}:1`,
            );
          }
        }
      }
      files.set(path, entry.size);
      const handler = choose({ path, size: entry.size });
      if (!handler) {
        await entry.skip();
        continue;
      }
      // Count what actually arrives: a directory's file may grow while it is read.
      let seen = 0;
      const declared = entry.size;
      const capped = async function* (): AsyncGenerator<Buffer> {
        for await (const chunk of entry.body()) {
          seen += chunk.length;
          if (seen > limits.maxFileBytes) {
            throw tooMuch(entry.name, 'a file', seen, limits.maxFileBytes);
          }
          if (total - declared + seen > limits.maxTotalBytes) {
            throw tooMuch(
              entry.name,
              'a bundle total',
              total - declared + seen,
              limits.maxTotalBytes,
            );
          }
          yield chunk;
        }
      };
      const body = capped();
      await handler(body);
      // Handlers read bodies to the end; one that never started must still let a tar
      // move past the entry. (Breaking out of the body midway would cancel the entry.)
      for await (const _ of body) {
        // drain
      }
    }
  } finally {
    src.close();
  }
  return { container: src.container, files, links };
}
