// ssh2 is CommonJS: Node gives ESM only its default export.
import ssh2, {
  type AnyAuthMethod,
  type AuthenticationType,
  type Client,
  type ClientChannel,
  type ConnectConfig,
  type NextAuthHandler,
  type ServerHostKeyAlgorithm,
} from 'ssh2';
import { HostAccessError } from './errors.js';
import {
  commandLine,
  connectionLost,
  isMissingProgram,
  killGraceMs,
  maxParallelCommands,
  type ExecOptions,
  type ExecResult,
  type Executor,
} from './executor.js';
import type { Identity } from './identities.js';
import {
  algorithmsForKeyType,
  knownHostName,
  knownKeysFor,
  verifyHostKey,
  type HostKeyVerdict,
} from './known-hosts.js';
import { Limiter } from '../k8s/limiter.js';
import { readOutput } from './output.js';

export interface SshOptions {
  host: string;
  port: number;
  username: string;
  /** Private keys to offer, in order (already loaded and decrypted). */
  identities: readonly Identity[];
  /** Default key files that could not be used, for the auth error message. */
  skippedIdentities?: readonly string[];
  /** ssh-agent socket (SSH_AUTH_SOCK), offered after the key files. */
  agentSocket?: string;
  /** known_hosts files to verify against, the first is where --accept-new-host-key writes. */
  knownHostsFiles: readonly string[];
  acceptNewHostKey: boolean;
  sudo: boolean;
  /** TCP connect + SSH handshake + authentication. */
  connectTimeoutMs: number;
  /** Keepalive every this often; the connection counts as lost after 3 unanswered. */
  keepaliveIntervalMs: number;
}

/** Host key algorithms ssh2 supports, in the preference order we offer them. */
const hostKeyAlgorithms: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * Connects, verifies the host key against known_hosts and authenticates, or throws a
 * HostAccessError whose message says exactly what failed. ssh2 alone would accept any host
 * key: verification is done here, before any credential is sent.
 */
export async function connectSsh(options: SshOptions): Promise<SshExecutor> {
  const name = knownHostName(options.host, options.port);
  const where = `${options.username}@${options.host}:${options.port}`;
  const known = await knownKeysFor(options.knownHostsFiles, name);
  const writeTo = options.knownHostsFiles[0];
  if (writeTo === undefined) throw new Error('connectSsh: no known_hosts file given');

  // Like OpenSSH, ask first for the key types already known for this host, so a host
  // with several keys presents the one we can check.
  const knownTypes = new Set(
    known.filter((k) => !k.revoked).flatMap((k) => algorithmsForKeyType(k.type)),
  );
  const knownAlgorithms = hostKeyAlgorithms.filter((a) => knownTypes.has(a));
  const serverHostKey = [
    ...knownAlgorithms,
    ...hostKeyAlgorithms.filter((a) => !knownAlgorithms.includes(a)),
  ];

  const offered: AnyAuthMethod[] = options.identities.map((identity) => ({
    type: 'publickey',
    username: options.username,
    key: identity.key,
  }));
  if (options.agentSocket) {
    offered.push({ type: 'agent', username: options.username, agent: options.agentSocket });
  }
  if (offered.length === 0) {
    const skipped = options.skippedIdentities?.length
      ? ` (skipped: ${options.skippedIdentities.join(', ')})`
      : '';
    throw new HostAccessError(
      `ssh ${where}: no key to authenticate with${skipped}; expected -i KEY, a running ssh-agent (SSH_AUTH_SOCK) or ~/.ssh/id_ed25519`,
    );
  }

  const client = new ssh2.Client();
  let verdict: HostKeyVerdict | undefined;
  let serverMethods: string[] | undefined;
  let next = 0;
  const config: ConnectConfig = {
    host: options.host,
    port: options.port,
    username: options.username,
    readyTimeout: options.connectTimeoutMs,
    keepaliveInterval: options.keepaliveIntervalMs,
    keepaliveCountMax: 3,
    algorithms: { serverHostKey },
    hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
      verifyHostKey({ name, key, known, acceptNew: options.acceptNewHostKey, writeTo }).then(
        (v) => {
          verdict = v;
          verify(v.ok);
        },
        (error: Error) => {
          verdict = { ok: false, reason: 'unknown', message: error.message };
          verify(false);
        },
      );
    },
    // methodsLeft is null on the first call; `false` ends authentication (ssh2 takes it,
    // its types do not say so).
    authHandler: (
      methodsLeft: AuthenticationType[] | null,
      _partial: boolean | null,
      done: NextAuthHandler,
    ) => {
      if (methodsLeft) serverMethods = methodsLeft;
      // Stop as soon as the server no longer takes keys (e.g. password only).
      const method =
        methodsLeft && !methodsLeft.includes('publickey') ? undefined : offered[next++];
      done(method ?? (false as unknown as AnyAuthMethod));
    },
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error & { level?: string; code?: string }): void => {
      client.removeListener('ready', onReady);
      client.end();
      reject(connectError(error, where, verdict, serverMethods, options));
    };
    const onReady = (): void => {
      client.removeListener('error', onError);
      resolve();
    };
    client.once('error', onError);
    client.once('ready', onReady);
    try {
      client.connect(config);
    } catch (error) {
      onError(error as Error);
    }
  });
  return new SshExecutor(client, where, options.sudo);
}

function connectError(
  error: Error & { level?: string; code?: string },
  where: string,
  verdict: HostKeyVerdict | undefined,
  serverMethods: string[] | undefined,
  options: SshOptions,
): HostAccessError {
  if (verdict && !verdict.ok) return new HostAccessError(verdict.message);
  if (error.level === 'client-authentication') {
    const tried = [
      ...options.identities.map((i) => `key ${i.file} (${i.label})`),
      ...(options.agentSocket ? [`the keys of ssh-agent at ${options.agentSocket}`] : []),
    ];
    const methods =
      serverMethods && !serverMethods.includes('publickey')
        ? `; the server accepts only: ${serverMethods.join(', ')}`
        : '';
    return new HostAccessError(
      `ssh ${where}: authentication failed: the server refused ${tried.join(' and ')}${methods}; expected a key listed in ${options.username}'s authorized_keys`,
    );
  }
  if (error.level === 'client-timeout' || /timed out/i.test(error.message)) {
    return new HostAccessError(
      `ssh ${where}: no SSH handshake within ${options.connectTimeoutMs / 1000}s; expected an SSH server answering there`,
    );
  }
  if (
    error.code === 'ECONNREFUSED' ||
    error.code === 'EHOSTUNREACH' ||
    error.code === 'ENOTFOUND' ||
    error.code === 'ETIMEDOUT'
  ) {
    return new HostAccessError(
      `ssh ${where}: cannot connect (${error.code}); expected an SSH server listening there`,
    );
  }
  return new HostAccessError(`ssh ${where}: connection failed: ${error.message}`);
}

/** An exec channel, with its exit status and close recorded from the moment it opened. */
interface Opened {
  channel: ClientChannel;
  exit: { code: number | null; signal: string | null };
  closed: Promise<void>;
}

/**
 * Runs commands over one SSH connection: at most 4 channels at once, each with a deadline
 * (TERM, then KILL, then the channel is closed), stdout and stderr always drained. When the
 * connection drops, running commands end with `failure` and later ones fail at once, so a
 * collection still writes what it has.
 */
export class SshExecutor implements Executor {
  readonly via = 'ssh';
  readonly #limiter = new Limiter(maxParallelCommands);
  #lost: string | undefined;
  readonly #closed: Promise<void>;

  constructor(
    private readonly client: Client,
    readonly address: string,
    readonly sudo: boolean,
  ) {
    this.#closed = new Promise((resolve) => {
      client.on('error', (error: Error) => {
        this.#lost ??= error.message;
      });
      client.once('close', () => {
        this.#lost ??= 'the server closed the connection';
        resolve();
      });
    });
  }

  /** Why the connection is gone, once it is. */
  get lost(): string | undefined {
    return this.#lost;
  }

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
    const failed = (failure: string): ExecResult => ({
      exitCode: null,
      signal: null,
      timedOut: false,
      missing: false,
      stdoutBytes: 0,
      stderrHead: '',
      stdoutHead: Buffer.alloc(0),
      durationMs: Math.round(performance.now() - started),
      failure,
    });
    if (this.#lost) return failed(`${connectionLost}: ${this.#lost}`);

    let opened: Opened;
    try {
      opened = await this.#open(commandLine(argv, this.sudo), options.timeoutMs);
    } catch (error) {
      return failed(
        this.#lost
          ? `${connectionLost}: ${this.#lost}`
          : `cannot open a channel: ${(error as Error).message}`,
      );
    }

    const { channel, exit, closed } = opened;

    let timedOut = false;
    const timers: NodeJS.Timeout[] = [];
    timers.push(
      setTimeout(() => {
        timedOut = true;
        // OpenSSH (>= 7.9) delivers these to the command's process group; sudo relays TERM.
        channel.signal('TERM');
        timers.push(setTimeout(() => channel.signal('KILL'), killGraceMs));
        timers.push(setTimeout(() => channel.close(), killGraceMs * 2));
        // A server that no longer answers at all: stop waiting for it.
        timers.push(setTimeout(() => channel.destroy(), killGraceMs * 3));
      }, options.timeoutMs),
    );
    try {
      const output = await readOutput(channel, channel.stderr, options);
      await closed;
      const { code: exitCode, signal } = exit;
      let failure: string | undefined;
      if (exitCode === null && signal === null && !timedOut) {
        // No exit status: the connection went away under the command. The client's own
        // 'close' follows its channels' by a tick.
        await new Promise((resolve) => setImmediate(resolve));
        failure = this.#lost
          ? `${connectionLost}: ${this.#lost}`
          : 'the channel closed without an exit status';
      }
      return {
        exitCode,
        signal,
        timedOut,
        missing: isMissingProgram(exitCode, output.stderrHead),
        ...output,
        durationMs: Math.round(performance.now() - started),
        ...(failure === undefined ? {} : { failure }),
      };
    } finally {
      for (const t of timers) clearTimeout(t);
    }
  }

  /** Opens an exec channel, within the command's own deadline (a stuck server never answers). */
  #open(command: string, timeoutMs: number): Promise<Opened> {
    return new Promise((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(new Error(`no answer within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      this.client.exec(command, (err, channel) => {
        clearTimeout(timer);
        if (late) channel?.close();
        else if (err) reject(err);
        else {
          // Listen now, not after an await: a fast command's exit status and close can come
          // in the same read as the exec reply, and ssh2 emits 'exit' at once, only once.
          const exit: Opened['exit'] = { code: null, signal: null };
          channel.once('exit', (code: number | null, sig?: string) => {
            exit.code = typeof code === 'number' ? code : null;
            exit.signal = sig ?? null;
          });
          // 'exit' comes before 'close': once closed, the exit status (if any) is in.
          const closed = new Promise<void>((done) => channel.once('close', () => done()));
          resolve({ channel, exit, closed });
        }
      });
    });
  }

  async close(): Promise<void> {
    // Ours, not a loss: later commands still fail at once, saying so.
    this.#lost ??= 'the collector closed the connection';
    this.client.end();
    await Promise.race([this.#closed, new Promise((r) => setTimeout(r, 2000).unref())]);
    this.client.destroy();
  }
}
