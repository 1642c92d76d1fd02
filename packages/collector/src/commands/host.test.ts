import { execFile, spawn } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle } from '../testing/bundle-reader.js';
import { createHostFixture, type HostFixture } from '../testing/host-fixture.js';
import { generateKey } from '../testing/keys.js';
import type { Scenario } from '../testing/scenario-path.js';
import type { Sshd } from '../testing/sshd.js';

// The built CLI, as a customer runs it: exit codes, stdout, stderr.
const bin = fileURLToPath(new URL('../../bin/studio-collect.js', import.meta.url));

let fx: HostFixture;
let out: string;
beforeAll(async () => {
  fx = await createHostFixture();
  out = await mkdtemp(join(tmpdir(), 'host-cli-'));
}, 60_000);
afterAll(async () => {
  await fx?.cleanup();
  await rm(out, { recursive: true, force: true });
}, 60_000);

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      // No agent or ~/.ssh of this machine: only what the test gives.
      { env: { PATH: process.env.PATH, HOME: fx.home, ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}

let n = 0;
interface Server {
  sshd: Sshd;
  bundle: string;
  /** The command line, with some flags replaced (value undefined: dropped). */
  args(change?: Record<string, string | undefined>): string[];
}

async function server(scenario: Scenario): Promise<Server> {
  const path = await fx.scenario(scenario);
  const sshd = await fx.sshd(path.path);
  await fx.sudo(path.path, { password: false });
  const bundle = join(out, `cli-${++n}.tar.gz`);
  const flags: Record<string, string | undefined> = {
    '-p': String(sshd.port),
    '-i': fx.key.privateKey,
    '--known-hosts': await fx.knownHosts(sshd),
    '--nginx-conf': fx.nginx.confPath,
    '--health-url': fx.healthUrl,
    '-o': bundle,
  };
  return {
    sshd,
    bundle,
    args(change = {}) {
      const all = { ...flags, ...change };
      return [
        'host',
        `${fx.user.name}@127.0.0.1`,
        '--sudo',
        ...Object.entries(all).flatMap(([flag, value]) =>
          value === undefined ? [] : [flag, value],
        ),
      ];
    },
  };
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe('studio-collect host (built bin)', () => {
  it('collects over SSH: exit 0, one summary line on stdout (no progress off a terminal)', async () => {
    const { args, bundle } = await server('healthy');
    const r = await cli(args());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^studio-collect: wrote ${bundle} \\(\\d+\\.\\d (KB|MB)\\) in \\d+\\.\\ds; complete\\n$`,
      ),
    );
    expect((await readBundle(bundle)).manifest.target).toMatchObject({ via: 'ssh', sudo: true });
  });

  it('exit 3 when partial, saying what is missing; --quiet prints nothing', async () => {
    const { args, bundle } = await server('absent');
    const r = await cli(args());
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(
      `; partial: host-systemd partial (systemctl-cat-datachain-studio: ProgramMissing and 1 more), `,
    );
    const quiet = await cli([...args({ '-o': `${bundle}.2` }), '--quiet']);
    expect(quiet).toEqual({ code: 3, stdout: '', stderr: '' });
    expect(await exists(bundle)).toBe(true);
  });

  it('refuses a changed host key with its SHA256 fingerprint: exit 2, one line, no bundle', async () => {
    const { sshd, args, bundle } = await server('healthy');
    const impostor = await generateKey(fx.base, `impostor-${n}`);
    const knownHosts = join(fx.base, `impostor-known-hosts-${n}`);
    await writeFile(knownHosts, `[127.0.0.1]:${sshd.port} ${impostor.publicKey}\n`);
    const r = await cli([...args({ '--known-hosts': knownHosts }), '--accept-new-host-key']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^studio-collect: host key for \\[127\\.0\\.0\\.1\\]:${sshd.port} has CHANGED .*the server sent ED25519 key ${sshd.hostFingerprint.replace(/[+/]/g, '\\$&')}, but `,
      ),
    );
    expect(await exists(bundle)).toBe(false);
  });

  it('an unknown host is refused unless --accept-new-host-key (default ~/.ssh/known_hosts)', async () => {
    const { sshd, args } = await server('healthy');
    const r = await cli(args({ '--known-hosts': undefined }));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `studio-collect: host key for [127.0.0.1]:${sshd.port} is not known: the server sent ED25519 key ${sshd.hostFingerprint}, ` +
        `which is not in ${join(fx.home, '.ssh', 'known_hosts')}; check that fingerprint with the host's owner, then pass --accept-new-host-key (or add it with ssh-keyscan)\n`,
    );
  });

  it('a wrong key is a clear authentication error: exit 2, one line', async () => {
    const { sshd, args } = await server('healthy');
    const wrong = await generateKey(fx.base, `wrong-${n}`);
    const r = await cli(args({ '-i': wrong.privateKey }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^studio-collect: ssh ${fx.user.name}@127\\.0\\.0\\.1:${sshd.port}: authentication failed: the server refused key ${wrong.privateKey} \\(ED25519 SHA256:\\S+\\); expected a key listed in ${fx.user.name}'s authorized_keys\\n$`,
      ),
    );
  });

  it('asks for an encrypted key passphrase on a terminal (a real pty, via script(1))', async () => {
    const { args, bundle } = await server('healthy');
    const encrypted = await generateKey(fx.base, `enc-${n}`, { passphrase: 'sesame open' });
    const r = await new Promise<Result>((resolve) => {
      const command = [process.execPath, bin, ...args({ '-i': encrypted.privateKey }), '--quiet']
        .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
        .join(' ');
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        env: { PATH: process.env.PATH, HOME: fx.home, TERM: 'dumb' },
      });
      let stdout = '';
      let answered = false;
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (!answered && stdout.includes('Enter passphrase for key')) {
          answered = true;
          child.stdin.write('sesame open\r');
        }
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr: '' });
      });
    });
    expect(r.stdout).toContain(`Enter passphrase for key '${encrypted.privateKey}': `);
    expect(r.stdout).not.toContain('sesame');
    // The key decrypted; the server does not list it, so authentication is what fails.
    expect(r.stdout).toContain(
      `authentication failed: the server refused key ${encrypted.privateKey}`,
    );
    expect(r.code).toBe(2);
    expect(await exists(bundle)).toBe(false);
  });

  it('usage errors exit 2 with one line', async () => {
    const none = await cli(['host']);
    expect(none.code).toBe(2);
    expect(none.stderr.split('\n')[0]).toBe(
      'studio-collect: host: name a target ([user@]HOST) or pass --local',
    );
    const both = await cli(['host', 'x@127.0.0.1', '--local']);
    expect(both.stderr.split('\n')[0]).toBe(
      'studio-collect: host: give a target or --local, not both',
    );
    const port = await cli(['host', 'x@127.0.0.1', '-p', 'abc']);
    expect(port.code).toBe(2);
    expect(port.stderr.split('\n')[0]).toBe(
      'studio-collect: host: --port expects a positive number, got NaN',
    );
  });
});
