import yauzl from 'yauzl';
import { BundleError } from '../errors.js';
import type { EntrySource, RawEntry } from './entry.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

async function readAll(stream: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream) {
    n += chunk.length;
    if (n > max) break;
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/**
 * Reads a zip through its central directory. Names are decoded here rather than by
 * yauzl, so unsafe names get the same refusal as in a tar; yauzl still checks that
 * every entry inflates to exactly its declared size.
 */
export function zipSource(file: string, label: string): EntrySource {
  let zip: yauzl.ZipFile | undefined;
  async function* entries(): AsyncGenerator<RawEntry> {
    try {
      zip = await yauzl.openPromise(file, { decodeStrings: false, validateEntrySizes: true });
    } catch (error) {
      throw corrupt(label, undefined, error as Error);
    }
    const z = zip;
    try {
      for await (const entry of z.eachEntry()) {
        const raw = yauzl.getFileNameLowLevel(
          entry.generalPurposeBitFlag,
          entry.fileNameRaw,
          entry.extraFields,
          false,
        );
        const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
        const madeOnUnix = entry.versionMadeBy >> 8 === 3;
        let type: RawEntry['type'] = raw.endsWith('/') ? 'directory' : 'file';
        if (madeOnUnix && mode === S_IFLNK) type = 'symlink';
        else if (madeOnUnix && mode !== 0 && mode !== S_IFDIR && mode !== S_IFREG) type = 'other';
        if (type === 'file' && entry.isEncrypted()) {
          throw new BundleError(
            `${label}: refusing entry ${JSON.stringify(raw)}: expected an unencrypted file, got an encrypted one`,
          );
        }
        const open = async (): Promise<AsyncIterable<Buffer>> => z.openReadStreamPromise(entry);
        let linkTarget: string | undefined;
        if (type === 'symlink') {
          linkTarget = (await readAll(await open(), 4096)).toString('utf8');
        }
        yield {
          name: raw,
          type,
          size: type === 'file' ? entry.uncompressedSize : 0,
          compressedSize: entry.compressedSize,
          linkTarget,
          body: () => ({
            async *[Symbol.asyncIterator]() {
              try {
                yield* await open();
              } catch (error) {
                throw corrupt(label, raw, error as Error);
              }
            },
          }),
          skip: async () => {},
        };
      }
    } catch (error) {
      throw corrupt(label, undefined, error as Error);
    } finally {
      z.close();
    }
  }
  return {
    container: 'zip',
    entries: entries(),
    close() {
      if (zip?.isOpen) zip.close();
    },
  };
}

function corrupt(label: string, entry: string | undefined, error: Error): Error {
  if (error instanceof BundleError) return error;
  const where = entry === undefined ? '' : ` at entry ${JSON.stringify(entry)}`;
  return new BundleError(
    `${label}: corrupt archive${where}: expected a readable zip, got "${error.message}"`,
  );
}
