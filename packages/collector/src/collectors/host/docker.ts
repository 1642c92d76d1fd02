import type { Collector } from '../../bundle/index.js';
import { runCommand } from './command.js';
import type { HostEnv } from './env.js';

/** Docker container names ([a-zA-Z0-9][a-zA-Z0-9_.-]*): also safe as a bundle path segment. */
const containerName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * Container names from `docker ps -a`'s table: NAMES is the last column, and no name holds
 * a space, so it is each row's last word (a linked container lists "a,b": the first is it).
 */
export function containerNames(table: string): string[] {
  const [header, ...rows] = table.split('\n');
  if (!header || !/\bNAMES\s*$/.test(header)) return [];
  const names = rows
    .map((row) => row.trim().split(/\s+/).at(-1)?.split(',')[0] ?? '')
    .filter((name) => containerName.test(name));
  return [...new Set(names)].sort();
}

export const docker: Collector<HostEnv> = {
  id: 'host-docker',
  description: 'docker ps -a, docker inspect and docker logs --tail of every container',
  async collect(ctx) {
    const ps = await runCommand(
      ctx,
      { id: 'docker-ps', argv: ['docker', 'ps', '-a'] },
      { capture: 1 << 20 },
    );
    // Missing docker, a daemon that is down, no containers: docker-ps says it all, and
    // there is nothing to inspect.
    if (ps.exitCode !== 0) return;
    const names = containerNames(ps.stdoutHead.toString('utf8'));
    if (names.length === 0) return;
    await runCommand(ctx, { id: 'docker-inspect', argv: ['docker', 'inspect', ...names] });
    await Promise.all(
      names.map((name) =>
        runCommand(ctx, {
          id: `docker-logs-${name}`,
          argv: ['docker', 'logs', '--tail', String(ctx.env.settings.logLines), name],
          mergeStderr: true,
        }),
      ),
    );
  },
};
