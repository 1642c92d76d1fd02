import { randomBytes } from 'node:crypto';
import { chown, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isRoot, run, sharedTempDir } from './system.js';

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  remove(): Promise<void>;
}

/**
 * A throwaway unprivileged account for SSH tests (a real login, like `ubuntu` on an AMI):
 * shell /bin/sh, so no rc file touches the PATH the test gives it; password field `*`, so
 * it cannot log in with a password but sshd does not treat it as locked. Needs root.
 */
export async function createTestUser(): Promise<TestUser> {
  if (!isRoot())
    throw new Error('createTestUser: the host collector tests run as root (useradd, sshd)');
  const name = `sctest${randomBytes(3).toString('hex')}`;
  const base = await sharedTempDir(`${name}-`);
  const home = join(base, 'home');
  await mkdir(home);
  // useradd locks /etc/passwd itself but gives up at once when another holds it.
  await run('flock', [
    '/tmp/studio-collect-useradd.lock',
    'useradd',
    '-M',
    '-d',
    home,
    '-s',
    '/bin/sh',
    '-p',
    '*',
    name,
  ]);
  const { stdout } = await run('id', ['-u', name]);
  const uid = Number(stdout.trim());
  const gid = Number((await run('id', ['-g', name])).stdout.trim());
  await chown(home, uid, gid);
  return {
    name,
    uid,
    gid,
    home,
    async remove() {
      await killProcessesOf(uid);
      await run('flock', ['/tmp/studio-collect-useradd.lock', 'userdel', name]).catch(
        () => undefined,
      );
      await rm(base, { recursive: true, force: true });
    },
  };
}

/**
 * SIGKILLs, by pid, every process running as `uid` (commands a test left behind on purpose,
 * like the one under a dropped connection); userdel refuses while any is left.
 */
async function killProcessesOf(uid: number): Promise<void> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const real = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    if (real !== undefined && Number(real) === uid) {
      try {
        process.kill(Number(entry), 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }
}
