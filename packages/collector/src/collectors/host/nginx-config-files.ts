import { dirname } from 'node:path';
import type { ExecResult, Executor } from '../../host/executor.js';
import type { HostSettings } from './env.js';
import { readSmallFile } from './files.js';
import { parseNginxConfig, type NginxDirective } from './nginx-config.js';

export interface NginxConfigFile {
  path: string;
  /** Size on the host, from find. */
  size: number;
  /** The first configFileMaxBytes bytes, when it could be read. */
  content?: Buffer;
  /** How reading it went (for the error message when content is missing). */
  read: ExecResult;
}

export interface NginxConfigFiles {
  dir: string;
  /** How listing the directory went; files is empty when it failed. */
  listing: ExecResult;
  files: NginxConfigFile[];
  /** Private-key files: listed, never copied (their names only, for the docs and tests). */
  withheld: string[];
  /** Every directive of every file read. */
  directives: NginxDirective[];
}

const privateKeyName = /\.key$/i;
const privateKeyBlock = 'PRIVATE KEY-----';

/** More files than any nginx configuration has: a guard against pointing at the wrong dir. */
export const maxNginxConfigFiles = 500;

/**
 * Lists the configuration directory (following symlinks, as sites-enabled/ holds them) with
 * each file's size, and reads every file up to the size cap: both the nginx collector (which
 * stores them) and the certificates collector (which follows ssl_certificate) need them.
 */
export async function readNginxConfigFiles(
  executor: Executor,
  settings: HostSettings,
): Promise<NginxConfigFiles> {
  const dir = dirname(settings.nginxConf);
  const listing = await executor.exec(['find', '-L', dir, '-type', 'f', '-printf', '%s\\t%p\\n'], {
    timeoutMs: settings.commandTimeoutMs,
    capture: 1 << 20,
  });
  const entries = listing.stdoutHead
    .toString('utf8')
    .split('\n')
    .map((line) => /^(\d+)\t(\/.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ size: Number(m[1]), path: m[2]! }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .slice(0, maxNginxConfigFiles);
  // Private keys never enter a bundle, not even redacted: *.key files are not read at all,
  // and a file that turns out to hold a key block is dropped after reading.
  const withheld = entries.filter((e) => privateKeyName.test(e.path)).map((e) => e.path);
  const read = await Promise.all(
    entries
      .filter((e) => !privateKeyName.test(e.path))
      .map(async ({ path, size }): Promise<NginxConfigFile> => {
        const result = await readSmallFile(executor, path, settings);
        return result.exitCode === 0
          ? { path, size, content: result.stdoutHead, read: result }
          : { path, size, read: result };
      }),
  );
  const files = read.filter((f) => {
    if (!f.content?.includes(privateKeyBlock)) return true;
    withheld.push(f.path);
    return false;
  });
  withheld.sort();
  const texts = new Map(
    files.flatMap((f) => (f.content ? [[f.path, f.content.toString('utf8')] as const] : [])),
  );
  const directives = parseNginxConfig(settings.nginxConf, texts);
  return { dir, listing, files, withheld, directives };
}
