import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, sharedTempDir } from './system.js';

/**
 * A sudoers.d entry for a test user, validated with visudo before it is installed (a
 * broken file would break sudo for the whole machine). `sudo -n` resets PATH to
 * secure_path, so the entry carries the scenario PATH; `password: true` leaves the user
 * needing a password, which `sudo -n` refuses.
 */
export async function installSudoers(
  user: string,
  options: { path: string; password: boolean },
): Promise<{ remove(): Promise<void> }> {
  const text =
    `Defaults:${user} secure_path="${options.path}"\n` +
    `${user} ALL=(ALL) ${options.password ? '' : 'NOPASSWD: '}ALL\n`;
  const scratch = await sharedTempDir('sudoers-');
  const candidate = join(scratch, 'entry');
  await writeFile(candidate, text, { mode: 0o440 });
  await run('visudo', ['-c', '-q', '-f', candidate]);
  await rm(scratch, { recursive: true, force: true });
  // sudo skips names with a dot, so the entry is written under one and renamed into place:
  // a sudo running meanwhile (other tests) must never read a half-written file, which
  // would be a parse error failing every sudo on the machine.
  const file = join('/etc/sudoers.d', `studio-collect-test-${user}`);
  await writeFile(`${file}.partial`, text, { mode: 0o440 });
  await rename(`${file}.partial`, file);
  return {
    async remove() {
      await rm(file, { force: true });
    },
  };
}
