import { constants } from 'node:fs';
import {
  access,
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the VM's systemctl, journalctl and docker say. This machine has no systemd as PID 1
 * and no Docker daemon, so tests give the SSH user (or --local) a PATH in which small
 * scripts (./scenarios/, their sources cited inside) stand in for them; `absent` leaves
 * them out entirely, and `docker-down` runs the real Docker CLI without a daemon.
 */
export const scenarios = [
  'healthy',
  'unit-failed',
  'container-exited',
  'docker-down',
  'absent',
] as const;
export type Scenario = (typeof scenarios)[number];

/** The stand-in programs. */
export const scenarioPrograms = ['systemctl', 'journalctl', 'docker'] as const;

/** Real programs the collection runs besides the stand-ins (and what scripts use). */
const realPrograms = [
  'sh',
  'cat',
  'head',
  'tail',
  'stat',
  'find',
  'uname',
  'df',
  'free',
  'uptime',
  'curl',
  'nginx',
  'sudo',
  'sleep',
  'dirname',
  'true',
  'env',
  'ls',
];

// tsc copies no plain files: run from dist/ (the e2e demo), the scripts are still in src/.
const scriptsDir = fileURLToPath(
  new URL(
    import.meta.url.includes('/dist/') ? '../../src/testing/scenarios/' : './scenarios/',
    import.meta.url,
  ),
);

export interface ScenarioPath {
  /** The PATH value: the scenario's programs, then the real ones. */
  path: string;
  /** Where the scenario's programs are (and where `hang` and `hanging` go). */
  dir: string;
  /**
   * Makes one command hang (e.g. 'journalctl -k --no-pager -n 5000'): the script touches
   * `hanging` in `dir`, then sleeps for an hour.
   */
  hang(commandLine: string): Promise<void>;
  /** Whether the hanging command has started. */
  hanging(): Promise<boolean>;
  /** Ends the hanging command (by the pid it wrote), if it runs. */
  stopHanging(): Promise<void>;
}

/**
 * Builds, under `base`, a PATH for one scenario: a directory with copies of the scenario
 * scripts (readable by the test's SSH user) and a directory of symlinks to the real tools,
 * found on this process's PATH. The systemctl/journalctl/docker this machine has are never
 * on it.
 */
export async function buildScenarioPath(base: string, scenario: Scenario): Promise<ScenarioPath> {
  // A fresh directory each time: a `hang` set for one test must not leak into the next.
  const dir = await mkdtemp(join(base, `scenario-${scenario}-`));
  const tools = join(base, 'tools');
  // The scripts (running as the test user) write their `hanging` marker here.
  await chmod(dir, 0o777);
  await mkdir(tools, { recursive: true });
  for (const program of realPrograms) {
    const real = await which(program);
    await symlink(real, join(tools, program)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  if (scenario !== 'absent') {
    await writeFile(join(dir, 'scenario'), `${scenario}\n`, { mode: 0o644 });
    for (const program of scenarioPrograms) {
      await copyFile(join(scriptsDir, program), join(dir, program));
      await chmod(join(dir, program), 0o755);
    }
  }
  return {
    path: `${dir}:${tools}`,
    dir,
    hang: (commandLine) => writeFile(join(dir, 'hang'), commandLine, { mode: 0o644 }),
    hanging: () =>
      access(join(dir, 'hanging')).then(
        () => true,
        () => false,
      ),
    async stopHanging() {
      const pid = Number((await readFile(join(dir, 'hanging'), 'utf8').catch(() => '')).trim());
      if (!Number.isInteger(pid) || pid <= 1) return;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already ended (its deadline killed it).
      }
    },
  };
}

async function which(program: string): Promise<string> {
  const dirs = (process.env.PATH ?? '')
    .split(delimiter)
    .concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin']);
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, program);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Next.
    }
  }
  throw new Error(
    `scenario PATH: ${program} is not installed (run scripts/install-system-deps.sh)`,
  );
}
