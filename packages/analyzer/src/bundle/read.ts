import { BundleError } from './errors.js';
import { isDocumentPath, isLogPath } from './classify.js';
import { locateRoot, underRoot, type BundleFormat } from './locate-root.js';
import type { ContainerKind } from './sources/entry.js';
import { formatBytes, walkBundle, type BodyHandler, type WalkOptions } from './walk.js';

export interface ReadOptions<R> extends WalkOptions {
  /** Consumes one log file as it streams past; the result is kept per bundle path. */
  scanLog?: (path: string, body: AsyncIterable<Buffer>) => Promise<R>;
  /** Documents (JSON, YAML, command output) larger than this are listed, not kept. */
  maxDocumentBytes?: number;
  /** All kept documents together may not exceed this. */
  maxDocumentsTotalBytes?: number;
}

/** A bundle read in one pass: its documents in memory, its logs already scanned. */
export interface Bundle<R = unknown> {
  /** The path given to the reader. */
  source: string;
  container: ContainerKind;
  format: BundleFormat;
  /** Bundle root relative to the archive top ('' when the top is the root). */
  root: string;
  /** Every regular file under the root: bundle path → size in bytes. */
  files: ReadonlyMap<string, number>;
  /** Links inside the bundle (not followed): bundle path → target. */
  links: ReadonlyMap<string, string>;
  /** JSON, YAML and command output, by bundle path. */
  documents: ReadonlyMap<string, Buffer>;
  /** Scan results of every log, by bundle path. */
  logs: ReadonlyMap<string, R>;
  /** Documents present but too large to keep. */
  oversized: readonly string[];
}

const MiB = 1024 * 1024;

async function* once(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

/**
 * Reads a bundle (tar.gz, zip or directory) in a single streaming pass: documents are
 * kept, logs are handed to `scanLog` chunk by chunk and never held whole, everything
 * else is skipped. Then locates the bundle root and re-keys everything relative to it.
 */
export async function readBundle<R = never>(
  source: string,
  options: ReadOptions<R> = {},
): Promise<Bundle<R>> {
  const label = options.label ?? source;
  const maxDoc = options.maxDocumentBytes ?? 64 * MiB;
  const maxDocs = options.maxDocumentsTotalBytes ?? 512 * MiB;
  const documents = new Map<string, Buffer>();
  const logs = new Map<string, R>();
  const oversized: string[] = [];
  let documentBytes = 0;
  const scanLog = options.scanLog;

  const walked = await walkBundle(
    source,
    (file): BodyHandler | undefined => {
      const log = scanLog !== undefined && isLogPath(file.path);
      const doc = isDocumentPath(file.path);
      if (doc && file.size > maxDoc) oversized.push(file.path);
      if (doc && file.size <= maxDoc) {
        documentBytes += file.size;
        if (documentBytes > maxDocs) {
          throw new BundleError(
            `${label}: refusing entry ${JSON.stringify(file.path)}: expected at most ${formatBytes(maxDocs)} of JSON/YAML documents in all, got more`,
          );
        }
        return async (body) => {
          const parts: Buffer[] = [];
          for await (const chunk of body) parts.push(chunk);
          const data = Buffer.concat(parts);
          documents.set(file.path, data);
          if (log) logs.set(file.path, await scanLog(file.path, once(data)));
        };
      }
      if (log) return async (body) => void logs.set(file.path, await scanLog(file.path, body));
      return undefined;
    },
    options,
  );

  const { root, format } = locateRoot(label, walked.files.keys());
  const rekey = <V>(map: ReadonlyMap<string, V>): Map<string, V> => {
    const out = new Map<string, V>();
    for (const [path, value] of map) {
      const rel = underRoot(root, path);
      if (rel !== undefined) out.set(rel, value);
    }
    return out;
  };
  return {
    source,
    container: walked.container,
    format,
    root,
    files: rekey(walked.files),
    links: new Map(
      [...rekey(walked.links)].flatMap(([path, target]) => {
        const rel = underRoot(root, target);
        return rel === undefined ? [] : [[path, rel] as const];
      }),
    ),
    documents: rekey(documents),
    logs: rekey(logs),
    oversized: oversized.flatMap((p) => underRoot(root, p) ?? []),
  };
}
