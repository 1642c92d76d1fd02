import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, keyFingerprint, type KeyPair } from '../testing/keys.js';
import { buildScenarioPath, type ScenarioPath } from '../testing/scenario-path.js';
import { startSshAgent } from '../testing/ssh-agent.js';
import { startSshd, type Sshd } from '../testing/sshd.js';
import { freePort, run, sharedTempDir } from '../testing/system.js';
import { createTestUser, type TestUser } from '../testing/test-user.js';
import { HostAccessError } from './errors.js';
import type { Executor } from './executor.js';
import { loadIdentities, type PassphraseSource } from './identities.js';
import { connectSsh, type SshOptions } from './ssh.js';

let dir: string;
let user: TestUser;
let key: KeyPair;
let tools: ScenarioPath;
let sshd: Sshd;
let knownHosts: string;
const noPassphrase: PassphraseSource = { prompt: async () => undefined };

beforeAll(async () => {
  dir = await sharedTempDir('ssh-test-');
  user = await createTestUser();
  key = await generateKey(dir, 'user_key');
  tools = await buildScenarioPath(dir, 'absent');
  sshd = await startSshd({ user: user.name, authorizedKeys: [key.publicKey], path: tools.path });
  knownHosts = join(dir, 'known_hosts');
  await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
}, 60_000);

afterAll(async () => {
  await sshd?.stop();
  await user?.remove();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

async function options(overrides: Partial<SshOptions> = {}): Promise<SshOptions> {
  const { identities } = await loadIdentities([key.privateKey], true, noPassphrase);
  return {
    host: '127.0.0.1',
    port: sshd.port,
    username: user.name,
    identities,
    knownHostsFiles: [knownHosts],
    acceptNewHostKey: false,
    sudo: false,
    connectTimeoutMs: 10_000,
    keepaliveIntervalMs: 10_000,
    ...overrides,
  };
}

async function withExecutor<T>(o: SshOptions, use: (e: Executor) => Promise<T>): Promise<T> {
  const executor = await connectSsh(o);
  try {
    return await use(executor);
  } finally {
    await executor.close();
  }
}

async function refusal(o: Promise<SshOptions> | SshOptions): Promise<string> {
  const error = await connectSsh(await o).then(
    (e) => {
      void e.close();
      throw new Error('connected, expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HostAccessError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('SSH executor against a real sshd', () => {
  it('runs commands through the login shell: output, exit codes, missing programs', async () => {
    await withExecutor(await options(), async (e) => {
      expect(e.address).toBe(`${user.name}@127.0.0.1:${sshd.port}`);
      const ok = await e.exec(['uname', '-n'], { timeoutMs: 5000, capture: 100 });
      expect(ok).toMatchObject({ exitCode: 0, timedOut: false, missing: false });
      expect(ok.stdoutHead.toString().trim().length).toBeGreaterThan(0);
      const quoted = await e.exec(['sh', '-c', 'echo "$1"; exit 3', 'sh', "it's a $HOME; `x`"], {
        timeoutMs: 5000,
        capture: 100,
      });
      expect(quoted.exitCode).toBe(3);
      expect(quoted.stdoutHead.toString()).toBe("it's a $HOME; `x`\n");
      // The scenario PATH has no docker: the shell says 127.
      const missing = await e.exec(['docker', 'ps', '-a'], { timeoutMs: 5000 });
      expect(missing).toMatchObject({ exitCode: 127, missing: true });
      expect(missing.stderrHead).toMatch(/docker: not found/);
    });
  });

  it('verifies against hashed known_hosts entries too', async () => {
    const hashed = join(dir, 'known_hosts_hashed');
    await writeFile(hashed, `${sshd.knownHostsLine}\n`);
    await run('ssh-keygen', ['-q', '-H', '-f', hashed]);
    expect(await readFile(hashed, 'utf8')).toMatch(/^\|1\|/);
    await withExecutor(await options({ knownHostsFiles: [hashed] }), async (e) => {
      expect((await e.exec(['true'], { timeoutMs: 5000 })).exitCode).toBe(0);
    });
  });

  it('refuses a changed host key, showing the fingerprint the server sent like OpenSSH', async () => {
    const other = await generateKey(dir, 'other_host_key');
    const [type, blob] = other.publicKey.split(' ');
    const file = join(dir, 'known_hosts_changed');
    await writeFile(file, `# old entry\n[127.0.0.1]:${sshd.port} ${type} ${blob}\n`);
    const message = await refusal(options({ knownHostsFiles: [file], acceptNewHostKey: true }));
    const sent = sshd.hostFingerprint;
    expect(message).toContain('has CHANGED');
    expect(message).toContain(`ED25519 key ${sent}`);
    expect(message).toContain(
      `${file}:2 lists ED25519 key ${await keyFingerprint(`${other.privateKey}.pub`)}`,
    );
    expect(message).toContain(`ssh-keygen -R '[127.0.0.1]:${sshd.port}'`);
  });

  it('refuses an unknown host unless --accept-new-host-key, which records it like OpenSSH', async () => {
    const file = join(dir, 'ssh', 'known_hosts_new');
    const message = await refusal(options({ knownHostsFiles: [file] }));
    expect(message).toMatch(
      /is not known: the server sent ED25519 key SHA256:\S+, which is not in/,
    );
    expect(message).toContain('--accept-new-host-key');
    await withExecutor(
      await options({ knownHostsFiles: [file], acceptNewHostKey: true }),
      async () => {},
    );
    expect(await readFile(file, 'utf8')).toBe(`${sshd.knownHostsLine}\n`);
    // Now known: no flag needed, and OpenSSH's own ssh-keygen finds it.
    await withExecutor(await options({ knownHostsFiles: [file] }), async () => {});
    const found = await run('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', file]);
    expect(found.stdout).toContain(sshd.hostPublicKey);
  });

  it('says which key the server refused', async () => {
    const wrong = await generateKey(dir, 'wrong_key');
    const { identities } = await loadIdentities([wrong.privateKey], true, noPassphrase);
    const message = await refusal(options({ identities }));
    expect(message).toBe(
      `ssh ${user.name}@127.0.0.1:${sshd.port}: authentication failed: the server refused key ${wrong.privateKey} ` +
        `(ED25519 ${await keyFingerprint(`${wrong.privateKey}.pub`)}); expected a key listed in ${user.name}'s authorized_keys`,
    );
  });

  it('decrypts an encrypted key with STUDIO_SSH_PASSPHRASE, and says so when it cannot', async () => {
    const encrypted = await generateKey(dir, 'encrypted_key', { passphrase: 'correct horse' });
    await sshd.stop();
    sshd = await startSshd({
      user: user.name,
      authorizedKeys: [key.publicKey, encrypted.publicKey],
      path: tools.path,
    });
    await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
    const good = await loadIdentities([encrypted.privateKey], true, {
      env: 'correct horse',
      prompt: async () => undefined,
    });
    await withExecutor(await options({ identities: good.identities }), async (e) => {
      expect((await e.exec(['true'], { timeoutMs: 5000 })).exitCode).toBe(0);
    });
    await expect(
      loadIdentities([encrypted.privateKey], true, { env: 'wrong', prompt: async () => undefined }),
    ).rejects.toThrow(
      `key file ${encrypted.privateKey}: cannot decrypt it with the passphrase from STUDIO_SSH_PASSPHRASE`,
    );
    await expect(loadIdentities([encrypted.privateKey], true, noPassphrase)).rejects.toThrow(
      `key file ${encrypted.privateKey}: it is encrypted and no passphrase is available; expected STUDIO_SSH_PASSPHRASE to be set, or a terminal to ask on`,
    );
    // A default key that cannot be decrypted is skipped, not fatal: the agent may still do.
    const defaults = await loadIdentities(
      [encrypted.privateKey, join(dir, 'nope')],
      false,
      noPassphrase,
    );
    expect(defaults.identities).toEqual([]);
    expect(defaults.skipped).toEqual([
      `${encrypted.privateKey} (it is encrypted and no passphrase is available; expected STUDIO_SSH_PASSPHRASE to be set, or a terminal to ask on)`,
    ]);
  });

  it('authenticates with a real ssh-agent (SSH_AUTH_SOCK)', async () => {
    const agent = await startSshAgent(dir, [key.privateKey]);
    try {
      await withExecutor(
        await options({ identities: [], agentSocket: agent.socket }),
        async (e) => {
          expect((await e.exec(['true'], { timeoutMs: 5000 })).exitCode).toBe(0);
        },
      );
    } finally {
      await agent.stop();
    }
  });

  it('cuts a hanging command at its deadline and kills it on the host', async () => {
    await withExecutor(await options(), async (e) => {
      const started = Date.now();
      const r = await e.exec(['sh', '-c', 'echo before; exec sleep 300'], {
        timeoutMs: 1000,
        capture: 100,
      });
      expect(Date.now() - started).toBeLessThan(6000);
      expect(r).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGTERM' });
      expect(r.stdoutHead.toString()).toBe('before\n');
      const left = await run('ps', ['-u', user.name, '-o', 'args=']).catch(() => ({ stdout: '' }));
      expect(left.stdout).not.toContain('sleep 300');
    });
  });

  it('runs at most 4 commands at once, and drains stdout and stderr so floods never stall', async () => {
    await withExecutor(await options(), async (e) => {
      const started = Date.now();
      await Promise.all(
        Array.from({ length: 8 }, () => e.exec(['sleep', '1'], { timeoutMs: 10_000 })),
      );
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(2000);
      // Sequential would take 8 s; four at a time, two rounds of 1 s.
      expect(elapsed).toBeLessThan(6000);
      const flood = await e.exec(
        ['sh', '-c', 'head -c 4000000 /dev/zero >&2; head -c 4000000 /dev/zero'],
        { timeoutMs: 20_000 },
      );
      expect(flood).toMatchObject({ exitCode: 0, timedOut: false, stdoutBytes: 4_000_000 });
    });
  });

  it('reports a dropped connection on the running command and fails later ones at once', async () => {
    await withExecutor(await options(), async (e) => {
      const running = e.exec(['sh', '-c', 'echo started; exec sleep 300'], {
        timeoutMs: 60_000,
        capture: 100,
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(await sshd.killSessions()).toBeGreaterThan(0);
      const r = await running;
      expect(r.failure).toMatch(/^connection lost: /);
      expect(r.stdoutHead.toString()).toBe('started\n');
      const started = Date.now();
      const later = await e.exec(['true'], { timeoutMs: 60_000 });
      expect(later.failure).toMatch(/^connection lost: /);
      expect(Date.now() - started).toBeLessThan(100);
      expect(e.lost).toBeDefined();
    });
  });

  it('notices a server gone silent through keepalives, and ends the command', async () => {
    await withExecutor(await options({ keepaliveIntervalMs: 300 }), async (e) => {
      const running = e.exec(['sleep', '300'], { timeoutMs: 60_000 });
      await new Promise((r) => setTimeout(r, 300));
      expect(await sshd.signalSessions('SIGSTOP')).toBeGreaterThan(0);
      try {
        const started = Date.now();
        const r = await running;
        // Three unanswered keepalives, 300 ms apart: well before the command's deadline.
        expect(Date.now() - started).toBeLessThan(5000);
        expect(r.failure).toMatch(/^connection lost: Keepalive timeout/);
      } finally {
        await sshd.signalSessions('SIGKILL');
      }
    });
  });

  it('says clearly when nothing listens', async () => {
    const port = await freePort();
    const message = await refusal(options({ port }));
    expect(message).toBe(
      `ssh ${user.name}@127.0.0.1:${port}: cannot connect (ECONNREFUSED); expected an SSH server listening there`,
    );
  });
});
