import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { demos } from './scenarios.js';

let dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
  dirs = [];
});

async function demo(args: string[]): Promise<{ code: number; out: string; ms: number }> {
  const lines: string[] = [];
  const started = performance.now();
  const code = await main(args, (l) => lines.push(l));
  return { code, out: lines.join('\n'), ms: performance.now() - started };
}

async function outDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'demo-test-'));
  dirs.push(d);
  return d;
}

describe('npm run demo', () => {
  it('serves the default broken scenario, collects it with the real CLI and names its cause in seconds', async () => {
    const out = await outDir();
    const r = await demo(['--out', out]);
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.out).toContain('$ studio-collect k8s --kubeconfig ');
    expect(r.out).toContain('Server stopped.');
    expect(r.out).toContain('Verdict: cause-found, cause service-selector-mismatch');
    expect(r.out).toContain(`HTML report:     ${join(out, 'report', 'report.html')}`);
    const html = await readFile(join(out, 'report', 'report.html'), 'utf8');
    expect(html).toContain('service-selector-mismatch');
    const md = await readFile(join(out, 'report', 'report.md'), 'utf8');
    expect(md).toMatch(/^# Studio 502 analysis: Cause found — `service-selector-mismatch`/);
  });

  it('collects the VM scenario with --local and names its cause', async () => {
    const out = await outDir();
    const r = await demo(['vm-docker-down', '--local', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('$ studio-collect host --local -o ');
    expect(r.out).toContain('Verdict: cause-found, cause docker-daemon-down');
  });

  it('lists its scenarios; an unknown one is a usage error (exit 2)', async () => {
    const list = await demo(['--list']);
    expect(list.code).toBe(0);
    expect(list.out.split('\n').map((l) => l.split(' ')[0])).toEqual(demos.map((d) => d.name));
    expect((await demo(['no-such-scenario'])).code).toBe(2);
    expect((await demo(['broken-studio', '--local'])).code).toBe(2);
  });
});
