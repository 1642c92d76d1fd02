import { describe, expect, it } from 'vitest';
import { commandLine, isMissingProgram, shellQuote } from './executor.js';
import { LocalExecutor } from './local.js';

describe('command lines', () => {
  it('quotes for any POSIX shell and runs the program with exec (or sudo -n)', () => {
    expect(shellQuote('plain-word_1.2/x:y')).toBe('plain-word_1.2/x:y');
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
    expect(commandLine(['docker', 'logs', '--tail', '5000', 'a b'], false)).toBe(
      "exec docker logs --tail 5000 'a b'",
    );
    expect(commandLine(['true'], true)).toBe('exec sudo -n -- true');
  });

  it('tells a missing program from a failing one, through a shell or sudo', () => {
    expect(isMissingProgram(127, 'sh: 1: exec: docker: not found\n')).toBe(true);
    expect(isMissingProgram(1, 'sudo: docker: command not found\n')).toBe(true);
    expect(isMissingProgram(1, 'Cannot connect to the Docker daemon\n')).toBe(false);
    expect(isMissingProgram(3, '')).toBe(false);
  });
});

describe('LocalExecutor (real /bin/sh)', () => {
  const local = new LocalExecutor(false, { PATH: '/usr/bin:/bin' });

  it('streams stdout to the consumer, keeps heads, exit code and stderr', async () => {
    let received = '';
    const r = await local.exec(['sh', '-c', 'echo out; echo err >&2; exit 4'], {
      timeoutMs: 5000,
      capture: 2,
      stdout: async (stream) => {
        for await (const chunk of stream) received += String(chunk);
      },
    });
    expect(received).toBe('out\n');
    expect(r).toMatchObject({
      exitCode: 4,
      signal: null,
      timedOut: false,
      missing: false,
      stdoutBytes: 4,
    });
    expect(r.stdoutHead.toString()).toBe('ou');
    expect(r.stderrHead).toBe('err\n');
  });

  it('merges stderr into the stream when asked', async () => {
    let received = '';
    await local.exec(['sh', '-c', 'echo a >&2'], {
      timeoutMs: 5000,
      mergeStderr: true,
      stdout: async (stream) => {
        for await (const chunk of stream) received += String(chunk);
      },
    });
    expect(received).toBe('a\n');
  });

  it('reports a program that is not installed as missing (the shell says 127)', async () => {
    const r = await local.exec(['no-such-program-here'], { timeoutMs: 5000 });
    expect(r).toMatchObject({ exitCode: 127, missing: true });
    expect(r.stderrHead).toContain('no-such-program-here: not found');
  });

  it('kills the whole process group at the deadline, TERM first', async () => {
    const started = Date.now();
    const r = await local.exec(['sh', '-c', 'sleep 300 & sleep 300; echo never'], {
      timeoutMs: 300,
      capture: 100,
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGTERM' });
    expect(r.stdoutHead.toString()).toBe('');
  });

  it('keeps memory flat on a large output: only the consumer sees it, in chunks', async () => {
    let bytes = 0;
    const before = process.memoryUsage().rss;
    const r = await local.exec(['head', '-c', String(300 << 20), '/dev/zero'], {
      timeoutMs: 30_000,
      stdout: async (stream) => {
        for await (const chunk of stream) bytes += (chunk as Buffer).length;
      },
    });
    expect(r.stdoutBytes).toBe(300 << 20);
    expect(bytes).toBe(300 << 20);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 << 20);
  });
});
