import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKey, keyFingerprint } from './keys.js';
import { freePort, run, sharedTempDir, waitFor } from './system.js';

export interface SshdOptions {
  /** The only account allowed to log in. */
  user: string;
  /** authorized_keys lines for it. */
  authorizedKeys: readonly string[];
  /** PATH of every session (sshd's SetEnv), e.g. a scenario's programs. */
  path: string;
  hostKeyType?: 'ed25519' | 'ecdsa' | 'rsa';
  /**
   * Sessions see this directory as / (sshd's ChrootDirectory): a whole VM filesystem a test
   * lays out. It and every parent must be root-owned and writable by no one else.
   */
  chroot?: string;
}

export interface Sshd {
  port: number;
  /** The host's public key line (`ssh-ed25519 AAAA…`). */
  hostPublicKey: string;
  /** Its fingerprint as OpenSSH prints it (SHA256:…), computed by ssh-keygen -l. */
  hostFingerprint: string;
  /** A known_hosts line for this server, as OpenSSH writes it for a non-22 port. */
  knownHostsLine: string;
  /** The sshd -e log so far (for failing tests' messages). */
  log(): string;
  /** Kills the per-connection sshd processes (not the listener): a connection drop. */
  killSessions(): Promise<number>;
  /** Sends `signal` to them: SIGSTOP makes a server that no longer answers at all. */
  signalSessions(signal: NodeJS.Signals): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A real OpenSSH sshd on 127.0.0.1 and a free high port, with its own host key, config,
 * authorized_keys and pid file in a temp dir; run in the foreground (-D) logging to
 * stderr (-e). Must run as root (privilege separation, logging in as another user).
 */
export async function startSshd(options: SshdOptions): Promise<Sshd> {
  const dir = await sharedTempDir('sshd-');
  const host = await generateKey(dir, 'host_key', { type: options.hostKeyType ?? 'ed25519' });
  const authorizedKeys = join(dir, 'authorized_keys');
  await writeFile(authorizedKeys, options.authorizedKeys.join('\n') + '\n', { mode: 0o644 });
  // sshd refuses to start without its privilege separation directory.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const config = join(dir, 'sshd_config');
    await writeFile(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${host.privateKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'UsePAM no',
        'StrictModes no',
        `AuthorizedKeysFile ${authorizedKeys}`,
        `AllowUsers ${options.user}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PermitRootLogin no',
        `SetEnv PATH=${options.path}`,
        ...(options.chroot ? [`ChrootDirectory ${options.chroot}`] : []),
        'LogLevel VERBOSE',
        '',
      ].join('\n'),
    );
    await run('/usr/sbin/sshd', ['-t', '-f', config]);
    const child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    const ready = await Promise.race([
      waitFor(`sshd on port ${port}`, () =>
        log.includes('Server listening on') ? true : undefined,
      ),
      exited.then(() => false),
    ]);
    if (!ready) {
      // Someone took the port between freePort() and bind(): try another one.
      if (attempt < 5 && log.includes('Address already in use')) continue;
      await rm(dir, { recursive: true, force: true });
      throw new Error(`sshd did not start: ${log}`);
    }
    const [type, key] = host.publicKey.split(' ');
    return {
      port,
      hostPublicKey: `${type} ${key}`,
      hostFingerprint: await keyFingerprint(`${host.privateKey}.pub`),
      knownHostsLine: `[127.0.0.1]:${port} ${type} ${key}`,
      log: () => log,
      killSessions: () => signalSessions(child, 'SIGKILL'),
      signalSessions: (signal) => signalSessions(child, signal),
      async stop() {
        await signalSessions(child, 'SIGKILL');
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        }
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
}

/**
 * Signals every sshd process below the listener: each connection's privileged monitor and
 * its unprivileged child, which holds the TCP socket. The user's commands are left alone:
 * the connection drops (SIGKILL) or goes silent (SIGSTOP) under them, as when a network or
 * a host goes away.
 */
async function signalSessions(child: ChildProcess, signal: NodeJS.Signals): Promise<number> {
  if (child.pid === undefined) return 0;
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces, so split after its ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch {
      // Gone while we looked.
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) {
      if (p === child.pid) return true;
    }
    return false;
  };
  let killed = 0;
  for (const [pid, name] of names) {
    if (name !== 'sshd' || !below(pid)) continue;
    try {
      process.kill(pid, signal);
      killed++;
    } catch {
      // Gone already.
    }
  }
  return killed;
}
