import yargs from 'yargs';
import { hostCommandBuilder, hostCommandHandler } from './commands/host.js';
import { k8sOptions, runK8s } from './commands/k8s.js';
import { toolVersion } from './version.js';

/** Exit codes of studio-collect (docs/bundle-format.md). */
export const exitCodes = { ok: 0, usage: 2, partial: 3 } as const;

class UsageError extends Error {}

/**
 * Runs studio-collect with `argv` (without node and script) and resolves to the exit
 * code. Usage errors print one line plus help hints to stderr and give 2, not yargs' 1.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode: number = exitCodes.ok;
  const parser = yargs(argv)
    .scriptName('studio-collect')
    .usage(
      '$0 <command> [options]\n\nSnapshot a DataChain Studio install into one redacted support bundle.',
    )
    .version(toolVersion)
    // Without camel-case expansion an unknown --foo-bar is reported once, not also as fooBar.
    .parserConfiguration({ 'camel-case-expansion': false })
    .strict()
    .demandCommand(1, 'name a command: k8s or host')
    .recommendCommands()
    .command(
      'k8s',
      'collect from the Kubernetes cluster that runs Studio',
      (y) => k8sOptions(y),
      async (args) => {
        exitCode = await runK8s(args);
      },
    )
    .command(
      'host [target]',
      'collect from the VM that runs Studio, over SSH or --local',
      hostCommandBuilder,
      async (args) => {
        exitCode = await hostCommandHandler(args);
      },
    )
    .fail((msg, err) => {
      // Returning from here would let yargs go on to run the command; throw instead.
      throw err ?? new UsageError(msg);
    })
    .exitProcess(false)
    .help();
  try {
    await parser.parseAsync();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`studio-collect: ${error.message}\nRun studio-collect --help for usage.`);
    } else {
      console.error(`studio-collect: ${(error as Error).message}`);
    }
    return exitCodes.usage;
  }
  return exitCode;
}
