import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { run, waitFor } from './system.js';

/** A real ssh-agent in the foreground on a socket in `dir`, holding the given keys. */
export async function startSshAgent(
  dir: string,
  keys: readonly string[],
): Promise<{ socket: string; stop(): Promise<void> }> {
  const socket = join(dir, 'agent.sock');
  const child = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitFor('ssh-agent socket', () =>
    access(socket).then(
      () => true,
      () => undefined,
    ),
  );
  for (const key of keys)
    await run('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  return {
    socket,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}
