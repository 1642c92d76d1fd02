import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { analyzeBundle } from '../rules/analyze.js';
import {
  compareExpectation,
  defaultFixturesDir,
  findFixtures,
  loadExpectation,
} from '../rules/expectation.js';
import { loadRules } from '../rules/load.js';

export interface TestArgs {
  fixtures?: string;
  rules?: string[];
}

/**
 * Analyzes every fixture with the rules and prints PASS/FAIL per fixture, with the
 * expected (-) and actual (+) lines of a failure. Resolves to 0 when all pass, 1 if not.
 * A bad rule file or expected.yaml throws (exit 2), since then nothing was tested.
 */
export async function runFixtureTests(
  args: TestArgs,
  print: (line: string) => void = console.log,
): Promise<number> {
  const rules = await loadRules(args.rules?.length ? args.rules : undefined);
  const fixtures = await findFixtures(args.fixtures ?? defaultFixturesDir());
  let failed = 0;
  for (const f of fixtures) {
    const expected = await loadExpectation(f.expectationFile);
    const { report } = await analyzeBundle(f.bundle, { rules, label: f.name });
    const diff = compareExpectation(expected, report);
    const got = `${report.verdict}${report.causes[0] ? `: ${report.causes[0].cause}` : ''}`;
    if (diff.length === 0) {
      print(`PASS ${f.name} (${got})`);
    } else {
      failed++;
      print(`FAIL ${f.name} (${got})`);
      for (const line of diff) print(`  ${line}`);
    }
  }
  print(`fixtures: ${fixtures.length - failed} passed, ${failed} failed, ${fixtures.length} total`);
  return failed === 0 && fixtures.length > 0 ? 0 : 1;
}

export function testCommand(setExit: (code: number) => void): CommandModule<object, TestArgs> {
  return {
    command: 'test [fixtures]',
    describe: 'run every fixture (a bundle + expected.yaml) against the rules',
    builder: (y: Argv) =>
      y
        .positional('fixtures', {
          type: 'string',
          describe: "fixtures directory (default: the repository's fixtures/)",
        })
        .option('rules', {
          type: 'string',
          array: true,
          describe: 'rules directory (repeatable; default: the built-in rules)',
        }) as unknown as Argv<TestArgs>,
    handler: async (args: ArgumentsCamelCase<TestArgs>) => {
      setExit(await runFixtureTests(args));
    },
  };
}
