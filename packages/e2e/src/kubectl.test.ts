import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { kubectlPath, kubectlVersions, type KubectlPin } from './kubectl.js';

const run = promisify(execFile);

describe('pinned kubectl', () => {
  it.each(Object.keys(kubectlVersions) as KubectlPin[])(
    '%s unzips and reports its version',
    async (pin) => {
      const { stdout } = await run(await kubectlPath(pin), ['version', '--client', '-o', 'json']);
      const info = JSON.parse(stdout) as { clientVersion: { gitVersion: string } };
      expect(info.clientVersion.gitVersion.startsWith(kubectlVersions[pin].version + '.')).toBe(
        true,
      );
    },
  );
});
