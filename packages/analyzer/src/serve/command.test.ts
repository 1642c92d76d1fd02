import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/studio-analyze.js', import.meta.url));
const exampleBundle = fileURLToPath(
  new URL('../../../schema/examples/valid/bundle/studio-bundle-20261125T120000Z', import.meta.url),
);
const missingVersion = fileURLToPath(
  new URL(
    '../../../../../shared/external/troubleshoot/replicatedhq-troubleshoot/testdata/supportbundle/missing-version.tar.gz',
    import.meta.url,
  ),
);

/** Runs the built CLI; `until` (a regex over stdout) triggers SIGTERM once it matches. */
function cli(
  args: string[],
  until?: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const deadline = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (until?.test(stdout) && !child.killed) child.kill('SIGTERM');
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('studio-analyze serve (built bin)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serve-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints the URL and the export line, writes the kubeconfig, exits 0 on SIGTERM', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const r = await cli(
      ['serve', exampleBundle, '--kubeconfig-out', kubeconfig, '--latency-ms', '5'],
      /Ctrl-C/,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const [serving, exportLine] = r.stdout.split('\n');
    expect(serving).toMatch(
      /^Serving .* read-only at https:\/\/127\.0\.0\.1:\d+ \(namespace datachain-studio\)\.$/,
    );
    expect(exportLine).toBe(`export KUBECONFIG=${kubeconfig}`);
    expect(await readFile(kubeconfig, 'utf8')).toContain(serving!.match(/https:\/\/[\d.:]+/)![0]);
  });

  it('removes its temporary kubeconfig on exit when none was asked for', async () => {
    const r = await cli(['serve', exampleBundle], /Ctrl-C/);
    expect(r.code).toBe(0);
    const path = /^export KUBECONFIG=(.+)$/m.exec(r.stdout)![1]!;
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });

  it.each([
    [
      [missingVersion],
      /^studio-analyze: .*missing-version\.tar\.gz: no support bundle found: expected manifest\.json/,
    ],
    [
      [exampleBundle, '--fail', 'pods=404'],
      /^studio-analyze: --fail pods=404: expected RESOURCE\[:VERB\]=STATUS/,
    ],
    [
      [join('/nonexistent', 'bundle.tar.gz')],
      /^studio-analyze: \/nonexistent\/bundle\.tar\.gz: expected a \.tar\.gz/,
    ],
  ])('bad input %j: one line, exit 2', async (args, message) => {
    const r = await cli(['serve', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('reads a fault plan file and refuses a bad one clearly', async () => {
    const bad = join(dir, 'faults.yaml');
    await writeFile(bad, 'errors:\n  - resource: events\n    status: 418\n');
    const r = await cli(['serve', exampleBundle, '--faults', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `studio-analyze: ${bad}: errors[0].status: expected 403, 429 or 500, got 418\n`,
    );
  });
});
