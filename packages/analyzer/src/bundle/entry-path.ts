import { posix } from 'node:path';
import { BundleError } from './errors.js';

const inside = 'a relative path inside the bundle';

/** The refusal every unsafe entry gets: what, where, expected, got, on one line. */
export function refuse(source: string, entry: string, got: string, expected = inside): BundleError {
  return new BundleError(
    `${source}: refusing entry ${JSON.stringify(entry)}: expected ${expected}, got ${got}`,
  );
}

/**
 * Normalizes an archive entry name to a '/'-separated path relative to the archive top
 * ('' for the top itself), or throws: absolute paths, drive letters, backslashes, NUL and
 * any '..' segment are refused outright (even when '..' would stay inside, since no
 * honest bundle writer produces one).
 */
export function safeEntryPath(source: string, raw: string): string {
  if (raw.includes('\0')) throw refuse(source, raw, 'a name with a NUL byte');
  if (raw.startsWith('/')) throw refuse(source, raw, 'an absolute path');
  if (/^[A-Za-z]:/.test(raw)) throw refuse(source, raw, 'a Windows drive path');
  if (raw.includes('\\')) throw refuse(source, raw, 'a name with a backslash');
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw refuse(source, raw, 'a path that climbs out with ".."');
  return parts.join('/');
}

/**
 * Where a link entry points, as a path relative to the archive top, or throws when it
 * points outside the archive. Symlink targets are relative to the link's directory;
 * tar hard-link targets are archive paths.
 */
export function safeLinkTarget(
  source: string,
  entry: string,
  target: string,
  kind: 'symlink' | 'hardlink',
): string {
  if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) {
    throw refuse(source, entry, `a ${kind} to the absolute path ${JSON.stringify(target)}`);
  }
  const base = kind === 'symlink' ? posix.dirname(entry) : '.';
  const joined = posix.normalize(posix.join(base, target));
  if (joined === '..' || joined.startsWith('../')) {
    throw refuse(
      source,
      entry,
      `a ${kind} pointing outside the bundle (${JSON.stringify(target)})`,
    );
  }
  return joined === '.' ? '' : joined;
}
