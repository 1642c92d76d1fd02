import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { startServer, type FaultPlan, type ServeHandle } from '@studio-support/analyzer';
import type { Manifest } from '@studio-support/schema';
import * as tar from 'tar-stream';
import type { Scenario } from '../scenario/index.js';

/** The real, built CLI (packages/collector/bin → dist). */
export const collectBin = fileURLToPath(
  new URL('../../../collector/bin/studio-collect.js', import.meta.url),
);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `studio-collect ARGS` with a deadline; stdin closed, stderr not a TTY. */
export function runCollect(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 120_000,
): Promise<CliResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [collectBin, ...args],
      { env: { PATH: process.env.PATH, HOME: '/nonexistent', ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? ((error as { code?: number }).code ?? -1) : 0;
        resolve({
          code: typeof code === 'number' ? code : -1,
          stdout,
          stderr,
          ms: performance.now() - started,
        });
      },
    );
  });
}

/** A temporary directory removed by `cleanup()`. */
export async function tempDir(
  prefix: string,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes the scenario tree and serves it (HTTPS, token, faults) on a random loopback port. */
export async function serveScenario(
  scenario: Scenario,
  dir: string,
  faults?: FaultPlan,
): Promise<ServeHandle> {
  const tree = join(dir, 'scenario');
  await scenario.write(tree);
  return startServer({ bundle: tree, ...(faults ? { faults } : {}) });
}

export interface Bundle {
  root: string;
  /** Bundle path (without the root folder) → content. */
  files: Map<string, Buffer>;
  manifest: Manifest;
  /** The whole tar, gunzipped: what a canary scan must search. */
  tarBytes: Buffer;
}

export async function readBundle(path: string): Promise<Bundle> {
  const tarBytes = gunzipSync(await readFile(path));
  const extract = tar.extract();
  const files = new Map<string, Buffer>();
  let root = '';
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const c of entry) chunks.push(c as Buffer);
      const name = entry.header.name;
      if (entry.header.type === 'directory') {
        if (!root) root = name;
        continue;
      }
      files.set(name.slice(root.length), Buffer.concat(chunks));
    }
  })();
  extract.end(tarBytes);
  await done;
  const manifest = JSON.parse(files.get('manifest.json')!.toString()) as Manifest;
  return { root, files, manifest, tarBytes };
}

export function json<T = unknown>(bundle: Bundle, path: string): T {
  const buf = bundle.files.get(path);
  if (!buf) throw new Error(`bundle has no ${path}`);
  return JSON.parse(buf.toString()) as T;
}
