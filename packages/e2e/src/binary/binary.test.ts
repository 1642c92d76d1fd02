import { execFile } from 'node:child_process';
import { access, copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveScenario } from '../collect-k8s/helpers.js';
import { brokenStudioCluster } from '../collect-k8s/scenarios.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a binary from `cwd`, PATH naming only that directory: the binary carries its own Node. */
function runBinary(exe: string, args: string[], cwd: string): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      exe,
      args,
      { cwd, env: { PATH: cwd, HOME: cwd }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
let collect: string;
let analyze: string;
beforeAll(async () => {
  // scripts/build-binaries.mjs, as `npm run build:binary` runs it (after the build).
  const script = pathToFileURL(join(repo, 'scripts/build-binaries.mjs')).href;
  const { buildBinaries } = (await import(script)) as {
    buildBinaries: () => Promise<string[]>;
  };
  const [collectExe, analyzeExe] = await buildBinaries();
  // An empty directory with nothing around it: no node_modules, no rules/, no dist/.
  dir = await mkdtemp(join(tmpdir(), 'binary-'));
  collect = join(dir, 'studio-collect');
  analyze = join(dir, 'studio-analyze');
  await copyFile(collectExe!, collect);
  await copyFile(analyzeExe!, analyze);
}, 300_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the single-file binaries (Node 24 SEA)', () => {
  it('print their version from an empty directory', async () => {
    const version = async (pkg: string) =>
      (
        JSON.parse(await readFile(join(repo, 'packages', pkg, 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version;
    for (const [exe, pkg] of [
      [collect, 'collector'],
      [analyze, 'analyzer'],
    ] as const) {
      const r = await runBinary(exe, ['--version'], dir);
      expect(r).toEqual({ code: 0, stdout: `${await version(pkg)}\n`, stderr: '' });
    }
    await expect(access(join(dir, 'node_modules'))).rejects.toThrow();
  });

  it('collect a served cluster, and analyze the bundle with the rules they carry', async () => {
    const served = await serveScenario(await brokenStudioCluster(), dir);
    const bundle = join(dir, 'bundle.tar.gz');
    try {
      const r = await runBinary(
        collect,
        ['k8s', '--kubeconfig', served.kubeconfigPath, '-o', bundle],
        dir,
      );
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^studio-collect: wrote .*bundle\.tar\.gz \([\d.]+ KB\) in [\d.]+s; complete\n$/,
      );
    } finally {
      await served.close();
    }
    const a = await runBinary(analyze, [bundle, '--out', join(dir, 'report')], dir);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^cause-found: service-selector-mismatch — /);
    const html = await readFile(join(dir, 'report', 'report.html'), 'utf8');
    expect(html).toContain('service-selector-mismatch');
    // A broken rules directory is still reported as such: --rules reads files, as node's CLI does.
    const bad = await runBinary(analyze, [bundle, '--rules', join(dir, 'no-such-rules')], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no-such-rules: expected a directory of rule files, got ENOENT/);
  });
});
