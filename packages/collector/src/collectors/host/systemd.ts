import { commandCollector } from './declarative.js';

/** The unit Studio runs as on the VM/AMI. */
export const studioUnit = 'datachain-studio';

export const systemd = commandCollector({
  id: 'host-systemd',
  description: `systemctl status and systemctl cat of the ${studioUnit} unit`,
  commands: () => [
    {
      id: `systemctl-status-${studioUnit}`,
      argv: ['systemctl', 'status', studioUnit, '--no-pager', '--full'],
    },
    { id: `systemctl-cat-${studioUnit}`, argv: ['systemctl', 'cat', studioUnit, '--no-pager'] },
  ],
});
