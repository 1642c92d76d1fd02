import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DemoError, runDemo } from './run.js';
import { demos, findDemo } from './scenarios.js';

const usage = `Usage: npm run demo -- [SCENARIO] [--local] [--out DIR] [--list]

Serves a broken DataChain Studio (a built-in scenario), collects it with the real
studio-collect, analyzes the bundle with studio-analyze and prints the verdict and the
report paths. No cluster, VM or network needed. Default scenario: ${demos[0]!.name}.`;

/** `npm run demo -- …`: resolves to the exit code (0 cause named as expected, 1 not, 2 usage). */
export async function main(argv: string[], print = console.log): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        list: { type: 'boolean' },
        local: { type: 'boolean' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`demo: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    print(usage);
    return 0;
  }
  if (values.list) {
    const width = Math.max(...demos.map((d) => d.name.length));
    for (const d of demos) {
      const expect = d.expect.cause ?? d.expect.verdict;
      print(`${d.name.padEnd(width)}  ${d.summary} → ${expect}`);
    }
    return 0;
  }
  if (positionals.length > 1) {
    console.error(`demo: expected at most one scenario, got ${positionals.join(' ')}\n${usage}`);
    return 2;
  }
  const name = positionals[0] ?? demos[0]!.name;
  const demo = findDemo(name);
  if (!demo) {
    console.error(
      `demo: unknown scenario ${JSON.stringify(name)}: expected one of ${demos.map((d) => d.name).join(', ')} (npm run demo -- --list)`,
    );
    return 2;
  }
  if (values.local && demo.target !== 'host') {
    console.error(`demo: --local is for VM scenarios; ${demo.name} is a Kubernetes one`);
    return 2;
  }
  const out = values.out
    ? resolve(values.out)
    : await mkdtemp(join(tmpdir(), `studio-demo-${demo.name}-`));
  const started = performance.now();
  print(`Demo ${demo.name}: ${demo.summary}`);
  try {
    const r = await runDemo(demo, { out, local: values.local, log: (l) => print(`  ${l}`) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    print('');
    print(`Verdict: ${r.verdict}${r.cause ? `, cause ${r.cause}` : ''}`);
    print(`  HTML report:     ${r.html}`);
    print(`  Markdown report: ${r.markdown}`);
    print(`  Bundle:          ${r.bundle}`);
    if (!r.ok) {
      const expected = demo.expect.cause ?? demo.expect.verdict;
      console.error(`demo: expected ${expected}, the analyzer said ${r.cause ?? r.verdict}`);
      return 1;
    }
    print(
      `Done in ${seconds}s: the analyzer named the scenario's ${r.cause ? 'cause' : 'verdict'}.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof DemoError) {
      console.error(`demo: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = await main(process.argv.slice(2));
}
