#!/usr/bin/env node
// npm run bench [-- --quick] [--only collector,memory,analyzer,small,serve] [--keep] [--work DIR]
//
// Runs the benchmarks of issue 10 side by side on this machine, prints the results and
// writes them to bench/RESULTS.md (machine, Node version, date, every figure).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import { kubectlPath } from '@studio-support/e2e';
import { buildBinaries } from '../scripts/build-binaries.mjs';
import { analyzerSeries, demoBundle, smallBundle, versusGrep } from './lib/analyzer.mjs';
import { concurrency, memorySeries, versusKubectl } from './lib/collector.mjs';
import { machine, measure, measureOk } from './lib/measure.mjs';
import { getPods } from './lib/serve.mjs';
import { analyzeBin, analyzeExe, repo, rulesDir } from './lib/tools.mjs';
import { report } from './lib/report.mjs';

const MB = 1024 ** 2;
const plans = {
  full: {
    pods: [50, 500, 2000],
    comparePods: 500,
    bytesPerLog: 30_000,
    memoryTotals: [200 * MB, 1000 * MB, 2000 * MB],
    analyzerTotal: 1000 * MB,
    memoryPods: 100,
    servePods: 2000,
    smallRuns: 7,
  },
  quick: {
    pods: [50, 200],
    comparePods: 200,
    bytesPerLog: 30_000,
    memoryTotals: [50 * MB, 200 * MB],
    analyzerTotal: 200 * MB,
    memoryPods: 50,
    servePods: 200,
    smallRuns: 3,
  },
};
const latencyMs = 20;
const all = ['small', 'serve', 'collector', 'memory', 'analyzer'];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    work: { type: 'string' },
    out: { type: 'string', default: join(repo, 'bench/RESULTS.md') },
  },
});
const only = values.only ? values.only.split(',') : all;
const unknown = only.filter((o) => !all.includes(o));
if (unknown.length) {
  console.error(`bench: --only: expected some of ${all.join(',')}, got ${unknown.join(',')}`);
  process.exit(2);
}
const plan = values.quick ? plans.quick : plans.full;
const work = values.work ?? (await mkdtemp(join(tmpdir(), 'studio-bench-')));
const started = performance.now();
const step = (what) =>
  console.error(`bench: ${what} (${((performance.now() - started) / 1000).toFixed(0)}s)`);
const results = { machine: machine(), plan, latencyMs, concurrency, quick: values.quick };
const kubectl = await kubectlPath('newest');
results.kubectl = JSON.parse(
  (await measureOk(kubectl, ['version', '--client', '-o', 'json'])).stdout,
).clientVersion.gitVersion;

// A target that fails is recorded and the others still run: one broken part (a rule file
// mid-edit, say) must not throw away the figures of the rest.
results.errors = [];
const attempt = async (what, fn) => {
  step(what);
  try {
    await fn();
  } catch (error) {
    console.error(`bench: ${what}: ${error.message}`);
    results.errors.push({ what, message: error.message.split('\n')[0] });
  }
};

try {
  if (only.includes('small')) {
    await attempt('target 4: demo bundle, node CLI and single-file binary', async () => {
      await buildBinaries(['analyze']);
      const bundle = await demoBundle(work);
      // A binary that does not carry the rules yet is pointed at the repository's.
      const bare = await measure(analyzeExe, [bundle, '--out', join(work, 'probe'), '--quiet']);
      const exeRules = bare.code === 0 ? [] : ['--rules', rulesDir];
      results.exeRules = exeRules.length > 0;
      results.small = await smallBundle(
        bundle,
        join(work, 'small-reports'),
        [
          { name: 'node CLI', command: process.execPath, args: [analyzeBin] },
          { name: 'single-file binary', command: analyzeExe, args: [], extra: exeRules },
        ],
        plan.smallRuns,
      );
    });
  }
  const serveDir = { path: undefined };
  if (only.includes('collector') || only.includes('serve')) {
    const sizes = only.includes('collector') ? plan.pods : [plan.servePods];
    await attempt(
      `target 1: collector vs kubectl cluster-info dump at ${sizes.join(', ')} pods`,
      async () => {
        const rows = await versusKubectl(work, {
          sizes,
          bytesPerLog: plan.bytesPerLog,
          latencyMs,
          keep: (pods, dir) => pods === plan.servePods && (serveDir.path = dir),
        });
        if (only.includes('collector')) results.collector = rows;
      },
    );
  }
  if (only.includes('serve')) {
    await attempt(`target 5: kubectl get pods -A on ${plan.servePods} pods`, async () => {
      if (!serveDir.path) throw new Error('no cluster of that size was written');
      results.serve = await getPods(serveDir.path, work, plan.servePods, 5);
    });
  }
  const bundles = new Map();
  if (only.includes('memory') || only.includes('analyzer')) {
    const totals = only.includes('memory') ? plan.memoryTotals : [plan.analyzerTotal];
    await attempt(
      `target 2: collector memory with ${totals.map((t) => `${t / MB} MB`).join(', ')} of logs`,
      async () => {
        const rows = await memorySeries(work, {
          totals,
          pods: plan.memoryPods,
          latencyMs,
          keepBundle: (total, path) => only.includes('analyzer') && bundles.set(total, path),
        });
        if (only.includes('memory')) results.memory = rows;
        results.bundles = rows.map((row, i) => ({
          total: row.total,
          path: bundles.get(totals[i]),
        }));
        results.analyzerInput = results.bundles[totals.indexOf(plan.analyzerTotal)]?.total;
      },
    );
  }
  if (only.includes('analyzer')) {
    await attempt('target 3: analyzer vs zcat | grep', async () => {
      const input = results.bundles?.find((b) => b.total === results.analyzerInput)?.path;
      if (!input) throw new Error('no bundle of that size was collected');
      results.analyzer = await versusGrep(input, join(work, 'analyzer-report'));
    });
    await attempt('issue 7: analyzer memory as the logs grow', async () => {
      if (!results.bundles) throw new Error('no bundles were collected');
      const input = results.bundles.find((b) => b.total === results.analyzerInput)?.path;
      const known = new Map(results.analyzer ? [[input, results.analyzer.analyze]] : []);
      results.analyzerMemory = await analyzerSeries(
        results.bundles,
        join(work, 'series-report'),
        known,
      );
    });
  }
} finally {
  if (!values.keep) await rm(work, { recursive: true, force: true });
  else console.error(`bench: kept ${work}`);
}
results.seconds = (performance.now() - started) / 1000;
results.loadEnd = machine().load;
// Formatted as the repository's prettier --check wants it (tables aligned).
const markdown = await prettier.format(report(results), {
  ...(await prettier.resolveConfig(values.out)),
  filepath: values.out,
});
console.log(markdown);
await writeFile(values.out, markdown);
if (results.errors.length) process.exitCode = 1;
console.error(`bench: wrote ${values.out} in ${results.seconds.toFixed(0)}s`);
