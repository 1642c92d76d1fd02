// Running and measuring the tools: wall time from spawn to exit, peak RSS and CPU time from
// GNU time (wait4's rusage of the process tree), each run with a deadline.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';

const gnuTime = '/usr/bin/time';

/**
 * Runs `command args` under /usr/bin/time and resolves to its wall time, peak RSS, CPU
 * time and output. A run that outlives `timeoutMs` is killed and rejected: a benchmark
 * never hangs.
 */
export async function measure(command, args, { env, timeoutMs = 600_000, cwd } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-time-'));
  const stats = join(dir, 'time');
  try {
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise((resolve, reject) => {
      const child = spawn(gnuTime, ['-f', '%M %U %S', '-o', stats, command, ...args], {
        env: { ...process.env, ...env },
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out = [];
      const err = [];
      child.stdout.on('data', (c) => out.push(c));
      child.stderr.on('data', (c) => err.push(c));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${command} ${args.join(' ')}: still running after ${timeoutMs} ms`));
      }, timeoutMs);
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({
          code: status,
          stdout: Buffer.concat(out).toString(),
          stderr: Buffer.concat(err).toString(),
        });
      });
    });
    const seconds = (performance.now() - started) / 1000;
    const [rssKb, user, sys] = (await readFile(stats, 'utf8')).trim().split('\n').pop().split(' ');
    return {
      seconds,
      rssMb: Number(rssKb) / 1024,
      cpuSeconds: Number(user) + Number(sys),
      code,
      stdout,
      stderr,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Like measure(), but a non-zero exit is an error naming the command and its stderr. */
export async function measureOk(command, args, options) {
  const r = await measure(command, args, options);
  if (r.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')}: exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  return r;
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** What the figures were measured on. */
export function machine() {
  const cpu = cpus();
  return {
    cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

export const mb = (bytes) => bytes / 1024 ** 2;
export const fmt = (n, digits = 1) => n.toFixed(digits);
