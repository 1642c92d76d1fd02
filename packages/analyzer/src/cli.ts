import yargs from 'yargs';
import { analyzeCommand } from './commands/analyze.js';
import { testCommand } from './commands/test.js';
import { serveCommand } from './serve/command.js';
import { toolVersion } from './version.js';

/** Exit codes of studio-analyze (docs/bundle-format.md). */
export const exitCodes = { ok: 0, testFailed: 1, usage: 2 } as const;

class UsageError extends Error {}

/**
 * Runs studio-analyze with `argv` (without node and script) and resolves to the exit
 * code. Usage errors print one line plus help hints to stderr and give 2, not yargs' 1.
 */
export async function main(argv: string[]): Promise<number> {
  let exit: number = exitCodes.ok;
  const parser = yargs(argv)
    .scriptName('studio-analyze')
    .usage(
      '$0 <command> [options]\n\nExplain why a DataChain Studio install answers 502, from a support bundle.',
    )
    .version(toolVersion)
    // Without camel-case expansion an unknown --foo-bar is reported once, not also as fooBar.
    .parserConfiguration({ 'camel-case-expansion': false })
    .strict()
    .command(analyzeCommand)
    .command(serveCommand)
    .command(testCommand((code) => (exit = code)))
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
      console.error(`studio-analyze: ${error.message}\nRun studio-analyze --help for usage.`);
    } else {
      console.error(`studio-analyze: ${(error as Error).message}`);
    }
    return exitCodes.usage;
  }
  return exit;
}
