import { spawn } from 'node:child_process';
import {
  commandLine,
  isMissingProgram,
  killGraceMs,
  maxParallelCommands,
  type ExecOptions,
  type ExecResult,
  type Executor,
} from './executor.js';
import { Limiter } from '../k8s/limiter.js';
import { readOutput } from './output.js';

/**
 * Runs commands on this machine through `/bin/sh -c`, exactly the command line the SSH
 * executor sends, so a missing program is the shell's exit 127 in both. Each command gets
 * its own process group, so a deadline kills what it started too (a shell pipeline, sudo's
 * child).
 */
export class LocalExecutor implements Executor {
  readonly via = 'local';
  readonly address = 'localhost';
  readonly lost = undefined;
  readonly #limiter = new Limiter(maxParallelCommands);
  readonly #running = new Set<number>();

  constructor(
    readonly sudo = false,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const release = await this.#limiter.acquire();
    try {
      return await this.#exec(argv, options);
    } finally {
      release();
    }
  }

  async #exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
    const started = performance.now();
    const child = spawn('/bin/sh', ['-c', commandLine(argv, this.sudo)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: this.env,
    });
    const pid = child.pid;
    if (pid !== undefined) this.#running.add(pid);

    let timedOut = false;
    const kill = (signal: NodeJS.Signals): void => {
      if (pid === undefined) return;
      try {
        process.kill(-pid, signal);
      } catch {
        // Already gone.
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      timedOut = true;
      kill('SIGTERM');
      killTimer = setTimeout(() => kill('SIGKILL'), killGraceMs);
    }, options.timeoutMs);

    const exited = new Promise<{ code: number | null; signal: string | null; failure?: string }>(
      (resolve) => {
        child.once('error', (error) =>
          resolve({ code: null, signal: null, failure: error.message }),
        );
        child.once('close', (code, signal) => resolve({ code, signal }));
      },
    );
    try {
      const output = await readOutput(child.stdout, child.stderr, options);
      const { code, signal, failure } = await exited;
      return {
        exitCode: code,
        signal,
        timedOut,
        missing: isMissingProgram(code, output.stderrHead),
        ...output,
        durationMs: Math.round(performance.now() - started),
        ...(failure === undefined ? {} : { failure }),
      };
    } finally {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      if (pid !== undefined) this.#running.delete(pid);
    }
  }

  async close(): Promise<void> {
    for (const pid of this.#running) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}
