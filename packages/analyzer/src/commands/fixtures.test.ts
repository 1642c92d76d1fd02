import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { validate } from '@studio-support/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml, renderMarkdown } from '../report/index.js';
import { analyzeBundle } from '../rules/analyze.js';
import {
  compareExpectation,
  defaultFixturesDir,
  findFixtures,
  loadExpectation,
} from '../rules/expectation.js';
import { loadRules } from '../rules/load.js';

const bin = fileURLToPath(new URL('../../bin/studio-analyze.js', import.meta.url));
const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const fixtures = await findFixtures(defaultFixturesDir());
const rules = await loadRules();

describe('every fixture, through the library', () => {
  it('there are fixtures for each of the first causes, and a healthy one', () => {
    const names = fixtures.map((f) => f.name);
    for (const n of [
      'healthy',
      'image-pull-auth',
      'database-unreachable',
      'oom-killed',
      'service-selector-mismatch',
      'tls-cert-expired',
      'container-down',
    ]) {
      expect(names).toContain(n);
    }
  });

  it.each(fixtures.map((f) => [f.name, f] as const))(
    '%s meets expected.yaml with a schema-valid report',
    async (_name, f) => {
      const { report } = await analyzeBundle(f.bundle, { rules, label: f.name });
      expect(validate('report', report)).toEqual([]);
      expect(compareExpectation(await loadExpectation(f.expectationFile), report)).toEqual([]);
      expect(renderMarkdown(report)).toContain(
        report.summary.slice(0, 20).replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`),
      );
      expect(renderHtml(report)).toContain('<!doctype html>');
    },
  );
});

describe('studio-analyze test (built bin)', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'fixtures-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('passes every repository fixture and exits 0', async () => {
    const r = await cli('test');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('PASS '))).toHaveLength(fixtures.length);
    expect(r.stdout).toContain(
      `fixtures: ${fixtures.length} passed, 0 failed, ${fixtures.length} total`,
    );
  }, 120_000);

  it('prints a diff and exits 1 when a fixture does not hold', async () => {
    const dir = join(tmp, 'failing');
    await cp(join(defaultFixturesDir(), 'oom-killed'), join(dir, 'oom-killed'), {
      recursive: true,
    });
    await writeFile(
      join(dir, 'oom-killed', 'expected.yaml'),
      'description: wrong on purpose\nverdict: healthy\nmustNotFire: [oom-killed]\n',
    );
    const r = await cli('test', dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL oom-killed (cause-found: oom-killed)');
    expect(r.stdout).toContain('  - verdict: healthy\n  + verdict: cause-found');
    expect(r.stdout).toContain('  - does not fire: oom-killed\n  + fired: oom-killed');
    expect(r.stdout).toContain('fixtures: 0 passed, 1 failed, 1 total');
  });

  it('a bad expected.yaml is one line with its position, exit 2', async () => {
    const dir = join(tmp, 'bad-expectation');
    await cp(join(defaultFixturesDir(), 'healthy'), join(dir, 'healthy'), { recursive: true });
    await writeFile(
      join(dir, 'healthy', 'expected.yaml'),
      'description: x\nverdict: fine\nmustNotFire: []\n',
    );
    const r = await cli('test', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^studio-analyze: .*healthy\/expected\.yaml:2:10 \/verdict: expected one of \["cause-found","no-cause-found","healthy"\]\n$/,
    );
  });
});
