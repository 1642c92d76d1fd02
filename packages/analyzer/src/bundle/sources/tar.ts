import { createReadStream } from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { BundleError } from '../errors.js';
import type { BundleLimits } from '../limits.js';
import type { EntrySource, RawEntry } from './entry.js';

/** Counts bytes through a stream and lets a check veto each chunk. */
function counter(onChunk: (bytes: number) => Error | undefined): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const err = onChunk(chunk.length);
      if (err) done(err);
      else done(null, chunk);
    },
  });
}

function typeOf(header: tar.Header): RawEntry['type'] {
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    default:
      return 'other';
  }
}

/**
 * Streams a tar (optionally gzip-compressed) without touching the disk. The ratio of
 * bytes out of gunzip to bytes read from the file is checked as data flows, so a bomb
 * is refused after ratioFloorBytes of output, not after it filled memory or disk.
 */
export function tarSource(
  file: string,
  label: string,
  gzip: boolean,
  limits: BundleLimits,
): EntrySource {
  let compressedBytes = 0;
  let outputBytes = 0;
  let current = '';
  const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
  const extract = tar.extract();
  const stages: NodeJS.ReadWriteStream[] = [];
  // The first failure anywhere in the pipeline is the one worth reporting; later ones
  // ("premature close") are its echoes.
  let failure: Error | undefined;
  const fail = (error: Error): void => {
    failure ??= toBundleError(error, label, gzip);
    extract.destroy(failure);
  };
  input.on('error', fail);
  let tail: NodeJS.ReadableStream = input;
  if (gzip) {
    const inCount = counter((n) => {
      compressedBytes += n;
      return undefined;
    });
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    const outCount = counter((n) => {
      outputBytes += n;
      if (
        outputBytes >= limits.ratioFloorBytes &&
        outputBytes > limits.maxRatio * Math.max(compressedBytes, 1)
      ) {
        return new BundleError(
          `${label}: refusing entry ${JSON.stringify(current)}: expected a compression ratio of at most ${limits.maxRatio}:1, got ${Math.round(outputBytes / Math.max(compressedBytes, 1))}:1 (a decompression bomb?)`,
        );
      }
      return undefined;
    });
    stages.push(inCount, gunzip, outCount);
    for (const s of stages) (s as NodeJS.EventEmitter).on('error', fail);
    tail = input.pipe(inCount).pipe(gunzip).pipe(outCount);
  }
  tail.pipe(extract as unknown as NodeJS.WritableStream);

  async function* entries(): AsyncGenerator<RawEntry> {
    try {
      for await (const entry of extract) {
        const header = entry.header;
        current = header.name;
        let consumed = false;
        yield {
          name: header.name,
          type: typeOf(header),
          size: header.size ?? 0,
          linkTarget: header.linkname ?? undefined,
          body: () => {
            consumed = true;
            return guarded(entry as AsyncIterable<Buffer>);
          },
          skip: async () => {
            consumed = true;
            for await (const _ of guarded(entry as AsyncIterable<Buffer>)) {
              // draining: a tar can only move forward through the data
            }
          },
        };
        if (!consumed) {
          for await (const _ of guarded(entry as AsyncIterable<Buffer>)) {
            // the caller neither read nor skipped the body (a directory, a link)
          }
        }
      }
    } catch (error) {
      throw failure ?? toBundleError(error as Error, label, gzip);
    }
  }

  async function* guarded(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    try {
      yield* body;
    } catch (error) {
      throw failure ?? toBundleError(error as Error, label, gzip);
    }
  }

  return {
    container: 'tar',
    entries: entries(),
    close() {
      input.destroy();
      for (const s of stages) (s as unknown as { destroy(): void }).destroy();
      extract.destroy();
    },
  };
}

/** zlib and tar-stream failures become one line about the archive. */
function toBundleError(error: Error, label: string, gzip: boolean): Error {
  if (error instanceof BundleError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return new BundleError(`${label}: cannot read the bundle: ${error.message}`);
  }
  if (code?.startsWith('Z_') || /tar|header|end of data/i.test(error.message)) {
    return new BundleError(
      `${label}: corrupt archive: expected a readable tar${gzip ? '.gz' : ''}, got "${error.message}"`,
    );
  }
  return error;
}
