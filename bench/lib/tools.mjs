// Where the tools under test are, and what a served cluster was asked.
import { readdir, stat, open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const collectBin = join(repo, 'packages/collector/bin/studio-collect.js');
export const analyzeBin = join(repo, 'packages/analyzer/bin/studio-analyze.js');
export const analyzeExe = join(repo, 'dist-bin/studio-analyze');
export const rulesDir = join(repo, 'rules');

/** Requests answered by serve, by what they asked for. */
export function classify(records) {
  const out = { total: records.length, logs: 0, previousLogs: 0, other: 0, failed: 0 };
  for (const r of records) {
    if (r.status < 200 || r.status >= 300) out.failed++;
    if (!/\/pods\/[^/]+\/log(\?|$)/.test(r.path)) out.other++;
    else if (/[?&]previous=true/.test(r.path)) out.previousLogs++;
    else out.logs++;
  }
  return out;
}

/** Files and bytes under a directory. */
export async function treeSize(dir) {
  let files = 0;
  let bytes = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += (await stat(join(e.parentPath ?? e.path, e.name))).size;
  }
  return { files, bytes };
}

/** Uncompressed size of a .gz from its trailer (modulo 4 GiB, as gzip records it). */
export async function gunzippedSize(file) {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tail = Buffer.alloc(4);
    await fh.read(tail, 0, 4, size - 4);
    return { compressed: size, uncompressed: tail.readUInt32LE(0) };
  } finally {
    await fh.close();
  }
}
