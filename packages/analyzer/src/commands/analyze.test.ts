import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { validate, type Report } from '@studio-support/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTarGz, writeZip } from '../bundle/test-archives.js';
import { defaultFixturesDir } from '../rules/expectation.js';

const bin = fileURLToPath(new URL('../../bin/studio-analyze.js', import.meta.url));
const run = promisify(execFile);
const external = fileURLToPath(
  new URL('../../../../../shared/external/troubleshoot/', import.meta.url),
);
const k3s = join(
  external,
  'replicatedhq-troubleshoot/testdata/supportbundle/support-bundle.tar.gz',
);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'analyze-cli-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('the real troubleshoot bundles (../shared is read-only: reports go to --out)', () => {
  const bundles = [
    'replicatedhq-troubleshoot/testdata/supportbundle/support-bundle.tar.gz',
    'replicatedhq-troubleshoot/test/baselines/supportbundle/baseline.tar.gz',
    'replicatedhq-troubleshoot/test/baselines/preflight-v1beta2/baseline.tar.gz',
    'replicatedhq-sbctl/tests/support-bundle',
  ];
  it.each(bundles)(
    '%s: analyzed without errors, no 502 cause for healthy workloads',
    async (bundle) => {
      const out = join(tmp, bundle.replace(/\W+/g, '-'));
      const r = await cli(join(external, bundle), '--out', out);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect((await readdir(out)).sort()).toEqual(['report.html', 'report.md']);
      const json = await cli(join(external, bundle), '--format', 'json');
      const report = JSON.parse(json.stdout) as Report;
      expect(validate('report', report)).toEqual([]);
      expect(report.bundle).toMatchObject({ format: 'troubleshoot', collectedAtEstimated: true });
      expect(report.errors).toBeUndefined();
      expect(report.causes).toEqual([]);
      expect(report.verdict).toBe('healthy');
    },
  );

  it('names the restarting hello container of the k3s bundle', async () => {
    const report = JSON.parse((await cli(k3s, '--format', 'json')).stdout) as Report;
    const restarting = report.findings.find((f) => f.rule === 'containers-restarting');
    expect(restarting?.message).toMatch(
      /hello in nginx-deployment-7986654d4-ztx2g has restarted 25 times/,
    );
    expect(restarting?.evidence.map((e) => e.path)).toContain(
      'cluster-resources/pods/default.json',
    );
  });
});

describe('output', () => {
  it('writes <bundle>.report.html and .md next to the bundle and prints the verdict', async () => {
    const dir = join(tmp, 'next-to');
    await cp(join(defaultFixturesDir(), 'oom-killed'), dir, { recursive: true });
    const r = await cli(dir);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(
      /^cause-found: oom-killed — A Studio container is killed for exceeding its memory limit: datachain-studio-backend in datachain-studio-backend-\w+-\w+ was OOMKilled \(exit code 137/,
    );
    expect(r.stdout).toContain(`report: ${join(tmp, 'next-to.report.html')}`);
    const html = await readFile(join(tmp, 'next-to.report.html'), 'utf8');
    expect(html).toContain('OOMKilled');
    expect(await readFile(join(tmp, 'next-to.report.md'), 'utf8')).toMatch(
      /^# Studio 502 analysis: Cause found — `oom-killed`/,
    );
  });

  it('--out FILE.md writes only that, --quiet prints nothing, --only-rules limits the rules', async () => {
    const file = join(tmp, 'only.md');
    const r = await cli(
      join(defaultFixturesDir(), 'oom-killed'),
      '--out',
      file,
      '--quiet',
      '--only-rules',
      'endpoints-not-ready',
    );
    expect(r).toMatchObject({ code: 0, stdout: '' });
    const md = await readFile(file, 'utf8');
    expect(md).toContain('# Studio 502 analysis: No cause found');
    expect(md).toContain('`endpoints-not-ready`');
    expect(md).not.toContain('oom-killed');
  });

  it('-n picks the namespace; one the bundle lacks is a usage error', async () => {
    const report = JSON.parse(
      (await cli(k3s, '--format', 'json', '-n', 'kube-system')).stdout,
    ) as Report;
    expect(report.bundle.namespace).toBe('kube-system');
    const r = await cli(k3s, '-n', 'datachain-studio', '--out', tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /-n datachain-studio: expected a namespace the bundle holds \(default, kube-node-lease, kube-public, kube-system\), got "datachain-studio"\n$/,
    );
  });
});

describe('bad input: one clear line on stderr, exit 2, no stack trace', () => {
  async function refused(args: string[], message: RegExp): Promise<void> {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^studio-analyze: /);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }

  it('a bad rule file', async () => {
    const rules = join(tmp, 'bad-rules');
    await mkdir(rules);
    await writeFile(
      join(rules, 'oops.yaml'),
      'id: oops\ntitle: t\ncause: oom-killed\nseverity: critical\nappliesTo: [kubernetes]\nwhen:\n  - fact: containers\n    where:\n      reason: { eq: OOMKilled }\nmessage: m\n',
    );
    await refused(
      [join(defaultFixturesDir(), 'healthy'), '--rules', rules, '--out', tmp],
      /oops\.yaml:9:17 \/when\/0\/where\/reason\/eq: unknown operator, expected one of exists, .*, got "eq"$/,
    );
  });

  it('a corrupt archive', async () => {
    const file = join(tmp, 'corrupt.tar.gz');
    const good = gzipSync(Buffer.alloc(10_000, 1));
    await writeFile(file, good.subarray(0, 40));
    await refused(
      [file, '--out', tmp],
      /corrupt\.tar\.gz: corrupt archive: expected a readable tar\.gz, got "(unexpected end of file|Invalid tar header[^"]*)"$/,
    );
  });

  it('a path-traversal entry', async () => {
    const file = join(tmp, 'traversal.tar.gz');
    await writeTarGz(file, [
      { name: 'bundle/version.yaml', data: 'kind: SupportBundle\n' },
      { name: 'bundle/../../../../tmp/owned.txt', data: 'owned' },
    ]);
    await refused(
      [file, '--out', tmp],
      /traversal\.tar\.gz: refusing entry "bundle\/\.\.\/\.\.\/\.\.\/\.\.\/tmp\/owned\.txt": expected a relative path inside the bundle, got a path that climbs out with "\.\."$/,
    );
  });

  it('a zip bomb (high ratio)', async () => {
    const file = join(tmp, 'bomb.zip');
    await writeZip(file, [
      { name: 'bundle/version.yaml', data: 'kind: SupportBundle\n' },
      {
        name: 'bundle/cluster-resources/pods/logs/ns/p/c.log',
        data: Buffer.alloc(100 * 1024 * 1024, 0x61),
      },
    ]);
    await refused(
      [file, '--out', tmp],
      /bomb\.zip: refusing entry "bundle\/cluster-resources\/pods\/logs\/ns\/p\/c\.log": expected a compression ratio of at most 200:1, got \d+:1 \(a decompression bomb\?\)$/,
    );
  });

  it('a directory with no bundle', async () => {
    const dir = join(tmp, 'not-a-bundle');
    await mkdir(join(dir, 'notes'), { recursive: true });
    await writeFile(join(dir, 'notes', 'todo.txt'), 'nothing here');
    await refused(
      [dir, '--out', tmp],
      /not-a-bundle: no support bundle found: expected manifest\.json \(studio-collect\), version\.yaml or cluster-resources\/ \(troubleshoot\), or nodes\.json with <namespace>\/pods\.json \(kubectl cluster-info dump\); got 1 file without any of them$/,
    );
  });

  it("troubleshoot's own missing-version bundle", async () => {
    await refused(
      [
        join(external, 'replicatedhq-troubleshoot/testdata/supportbundle/missing-version.tar.gz'),
        '--out',
        tmp,
      ],
      /no support bundle found/,
    );
  });
});
