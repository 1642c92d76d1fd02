import { createServer, type Server } from 'node:http';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKey, type KeyPair } from './keys.js';
import { startNginx, type Nginx } from './nginx.js';
import { buildScenarioPath, type Scenario, type ScenarioPath } from './scenario-path.js';
import { startSshd, type Sshd } from './sshd.js';
import { installSudoers } from './sudoers.js';
import { freePort, sharedTempDir } from './system.js';
import { createTestUser, type TestUser } from './test-user.js';

/**
 * Everything a host-collection test needs, all real and all torn down by `cleanup()`: an
 * unprivileged SSH user with a key, a real nginx with its upstream down, a Studio health
 * endpoint stand-in, and on demand scenario PATHs, sshd servers and sudoers entries.
 */
export interface HostFixture {
  base: string;
  /** An empty HOME for the collector: no ~/.ssh of the machine's leaks into a test. */
  home: string;
  user: TestUser;
  key: KeyPair;
  nginx: Nginx;
  /** Answers 200 on /health, /health/ready, /health/live. */
  healthUrl: string;
  /** A URL where nothing listens: the backend is down. */
  downUrl: string;
  scenario(name: Scenario): Promise<ScenarioPath>;
  /** A real sshd letting `user` in with `key`, its sessions on `path`. */
  sshd(path: string): Promise<Sshd>;
  /** A known_hosts file listing `sshd`'s key. */
  knownHosts(sshd: Sshd): Promise<string>;
  /** sudo for `user` with secure_path = `path`; replaces the previous entry. */
  sudo(path: string, options: { password: boolean }): Promise<void>;
  cleanup(): Promise<void>;
}

export async function createHostFixture(): Promise<HostFixture> {
  const base = await sharedTempDir('host-fixture-');
  const cleanups: (() => Promise<unknown>)[] = [() => rm(base, { recursive: true, force: true })];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  };
  try {
    const home = join(base, 'home');
    await mkdir(home);
    const user = await createTestUser();
    cleanups.push(() => user.remove());
    const key = await generateKey(base, 'user_key');
    const nginx = await startNginx();
    cleanups.push(() => nginx.stop());
    const health = await startHealthServer();
    cleanups.push(() => new Promise((r) => health.close(r)));
    const address = health.address();
    if (address === null || typeof address === 'string') throw new Error('health server: no port');
    let sudoers: { remove(): Promise<void> } | undefined;
    cleanups.push(() => sudoers?.remove() ?? Promise.resolve());
    let knownHostsCount = 0;
    return {
      base,
      home,
      user,
      key,
      nginx,
      healthUrl: `http://127.0.0.1:${address.port}`,
      downUrl: `http://127.0.0.1:${await freePort()}`,
      async scenario(name) {
        const scenario = await buildScenarioPath(base, name);
        cleanups.push(() => scenario.stopHanging());
        return scenario;
      },
      async sshd(path) {
        const sshd = await startSshd({ user: user.name, authorizedKeys: [key.publicKey], path });
        cleanups.push(() => sshd.stop());
        return sshd;
      },
      async knownHosts(sshd) {
        const file = join(base, `known_hosts-${++knownHostsCount}`);
        await writeFile(file, `${sshd.knownHostsLine}\n`);
        return file;
      },
      async sudo(path, options) {
        await sudoers?.remove();
        sudoers = await installSudoers(user.name, { path, password: options.password });
      },
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** The backend's health endpoints as a healthy Studio answers them: 200 with a small body. */
async function startHealthServer(): Promise<Server> {
  const server = createServer((req, res) => {
    const ok = ['/health', '/health/ready', '/health/live'].includes(req.url ?? '');
    res.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
    res.end(ok ? '{"status":"ok"}\n' : '{"detail":"Not Found"}\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
