import { commandCollector } from './declarative.js';
import { studioUnit } from './systemd.js';

export const journal = commandCollector({
  id: 'host-journal',
  description: `the newest journal lines of ${studioUnit}, of docker, and of the kernel (OOM kills)`,
  commands: ({ logLines }) => [
    {
      id: `journalctl-${studioUnit}`,
      argv: ['journalctl', '-u', studioUnit, '--no-pager', '-n', String(logLines)],
    },
    {
      id: 'journalctl-docker',
      argv: ['journalctl', '-u', 'docker', '--no-pager', '-n', String(logLines)],
    },
    { id: 'journalctl-kernel', argv: ['journalctl', '-k', '--no-pager', '-n', String(logLines)] },
  ],
});
