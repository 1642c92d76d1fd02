import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { containerNames } from './docker.js';

const script = fileURLToPath(new URL('../../testing/scenarios/docker', import.meta.url));

/** `docker ps -a` as the container-exited scenario prints it. */
async function scenarioTable(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'docker-ps-'));
  try {
    await copyFile(script, join(dir, 'docker'));
    await writeFile(join(dir, 'scenario'), 'container-exited\n');
    const { stdout } = await promisify(execFile)('sh', [join(dir, 'docker'), 'ps', '-a'], {
      timeout: 5000,
    });
    return stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('containerNames', () => {
  it("reads the NAMES column of docker ps -a, whatever the row's status", async () => {
    expect(containerNames(await scenarioTable())).toEqual([
      'datachain-studio-backend',
      'datachain-studio-frontend',
      'datachain-studio-worker',
    ]);
  });

  it('takes the first of linked names, and nothing from a table it does not recognise', () => {
    const table =
      'CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS   PORTS   NAMES\nabc   img   "x"   1 h   Up 1 h      web,app/db\n';
    expect(containerNames(table)).toEqual(['web']);
    expect(
      containerNames('CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n'),
    ).toEqual([]);
    expect(containerNames('Cannot connect to the Docker daemon')).toEqual([]);
    expect(containerNames('NAMES\n../../etc\n')).toEqual([]);
  });
});
