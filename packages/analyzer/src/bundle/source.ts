import { open, stat } from 'node:fs/promises';
import { BundleError } from './errors.js';
import type { BundleLimits } from './limits.js';
import { directorySource } from './sources/directory.js';
import type { EntrySource } from './sources/entry.js';
import { tarSource } from './sources/tar.js';
import { zipSource } from './sources/zip.js';

const expectedInput = 'a .tar.gz, .tgz, .tar or .zip bundle, or a directory';

/** Chooses the reader by what the file is (its first bytes), not by what it is called. */
export async function openEntrySource(
  source: string,
  label: string,
  limits: BundleLimits,
): Promise<EntrySource> {
  let info;
  try {
    info = await stat(source);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BundleError(
      `${label}: expected ${expectedInput}, got ${code === 'ENOENT' ? 'nothing at that path' : `an unreadable path (${code})`}`,
    );
  }
  if (info.isDirectory()) return directorySource(source);
  if (!info.isFile())
    throw new BundleError(`${label}: expected ${expectedInput}, got a special file`);
  const head = Buffer.alloc(512);
  const fd = await open(source, 'r');
  let n: number;
  try {
    ({ bytesRead: n } = await fd.read(head, 0, head.length, 0));
  } finally {
    await fd.close();
  }
  if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) return tarSource(source, label, true, limits);
  if (n >= 4 && head.toString('latin1', 0, 2) === 'PK') return zipSource(source, label);
  if (n >= 262 && head.toString('latin1', 257, 262) === 'ustar') {
    return tarSource(source, label, false, limits);
  }
  const looksLike = /\.(tar\.gz|tgz|tar|zip)$/i.exec(source)?.[1];
  const got =
    n === 0
      ? 'an empty file'
      : `a file starting with bytes ${[...head.subarray(0, Math.min(n, 4))].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`;
  throw new BundleError(
    looksLike
      ? `${label}: corrupt archive: expected ${looksLike} data, got ${got}`
      : `${label}: expected ${expectedInput}, got ${got}`,
  );
}
