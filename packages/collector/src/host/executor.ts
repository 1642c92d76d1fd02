import type { Readable } from 'node:stream';

/**
 * How host collectors run commands: over SSH (ssh.ts) or on this machine (local.ts). Both
 * send the same command line to a POSIX shell, so a bundle collected with --local and one
 * collected over SSH hold the same commands with the same semantics (exit 127 = missing).
 */
export interface Executor {
  readonly via: 'ssh' | 'local';
  /** user@host:port for SSH, 'localhost' for local: the manifest's target address. */
  readonly address: string;
  /** Commands run through `sudo -n`. */
  readonly sudo: boolean;
  /** Why the connection is gone, once it is (SSH only): later commands fail at once. */
  readonly lost: string | undefined;
  exec(argv: readonly string[], options: ExecOptions): Promise<ExecResult>;
  /** Ends the connection (SSH) or kills what still runs (local). Idempotent. */
  close(): Promise<void>;
}

export interface ExecOptions {
  /** Deadline: TERM at this point, KILL after a short grace, then give up on the command. */
  timeoutMs: number;
  /**
   * Receives stdout (with stderr interleaved when mergeStderr) and must read it to its end;
   * exec resolves only after it returns. Default: the output is drained and dropped.
   */
  stdout?: (stream: Readable) => Promise<void>;
  /** `docker logs` prints the container's stderr on its own stderr: keep both in one stream. */
  mergeStderr?: boolean;
  /** Keep the first this-many bytes of stdout in ExecResult.stdoutHead (for parsing). */
  capture?: number;
}

export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The program is not installed (the shell said 127, or sudo said "command not found"). */
  missing: boolean;
  /** Bytes of stdout the command produced (stderr included when merged). */
  stdoutBytes: number;
  /** The first stderrHeadBytes of stderr, as produced (not redacted: the caller redacts). */
  stderrHead: string;
  /** The first `capture` bytes of stdout. */
  stdoutHead: Buffer;
  /** Wall time in milliseconds. */
  durationMs: number;
  /**
   * Why the command did not run to its end on its own, other than its deadline: the
   * connection was lost, the channel could not be opened. Undefined when it ran normally.
   */
  failure?: string;
}

/** Seconds to connect, verify the host key and authenticate (SSH). */
export const defaultConnectTimeoutSeconds = 15;

/** How much of stderr a result keeps. */
export const stderrHeadBytes = 4096;

/**
 * Channels (SSH) or processes (local) a collection runs at once: SSH servers cap sessions
 * per connection (OpenSSH MaxSessions, 10 by default), and a VM in trouble should not get
 * a burst.
 */
export const maxParallelCommands = 4;

/** After TERM at the deadline, how long a command gets before KILL. */
export const killGraceMs = 2000;

/** POSIX shell quoting: safe for sh, dash, bash, zsh. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one command line both executors hand to `sh -c` (local) or the login shell (SSH).
 * `exec` lets signals reach the program itself; `sudo -n` never prompts, it fails instead.
 */
export function commandLine(argv: readonly string[], sudo: boolean): string {
  if (argv.length === 0) throw new Error('commandLine: empty argv');
  const quoted = argv.map(shellQuote).join(' ');
  return sudo ? `exec sudo -n -- ${quoted}` : `exec ${quoted}`;
}

/**
 * A missing program, as the shell reports it (exit 127, "not found") or as sudo does
 * (exit 1, "sudo: docker: command not found").
 */
export function isMissingProgram(exitCode: number | null, stderr: string): boolean {
  if (exitCode === 127) return true;
  return exitCode === 1 && /^sudo: .*: command not found$/m.test(stderr);
}

/** The manifest error code for an ExecResult.failure. */
export function failureCode(failure: string): 'ConnectionLost' | 'NotRun' {
  return failure.startsWith(connectionLost) ? 'ConnectionLost' : 'NotRun';
}

/** How every failure caused by a dropped connection begins. */
export const connectionLost = 'connection lost';

/** sudo -n refused because it would have asked for a password. */
export function isSudoPasswordRequired(exitCode: number | null, stderr: string): boolean {
  return exitCode === 1 && /^sudo: (a password is required|a terminal is required)/m.test(stderr);
}
