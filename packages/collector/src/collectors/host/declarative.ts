import type { Collector } from '../../bundle/index.js';
import { runCommand, type HostCommand } from './command.js';
import type { HostEnv, HostSettings } from './env.js';

/** A collector that is nothing but a list of commands. */
export interface CommandCollectorSpec {
  id: string;
  description: string;
  commands: (settings: HostSettings) => HostCommand[];
}

/** Runs the commands one after another (collectors themselves run side by side). */
export function commandCollector(
  spec: CommandCollectorSpec,
): Collector<HostEnv> & CommandCollectorSpec {
  return {
    ...spec,
    async collect(ctx) {
      for (const command of spec.commands(ctx.env.settings)) await runCommand(ctx, command);
    },
  };
}
