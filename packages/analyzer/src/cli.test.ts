import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/studio-analyze.js', import.meta.url));
const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('studio-analyze (built bin)', () => {
  it('--help prints usage and exits 0', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('studio-analyze');
  });

  it('an unknown flag is a usage error: one line on stderr, exit 2', async () => {
    const r = await cli('bundle.tar.gz', '--bogus-flag');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^studio-analyze: Unknown argument: bogus-flag/);
  });
});
