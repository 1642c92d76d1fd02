// Targets 3 and 4: the analyzer against `zcat | grep` on a large bundle, and a demo-size
// bundle analyzed end to end by the node CLI and by the single-file binary.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@studio-support/analyzer';
import { brokenStudio } from '@studio-support/e2e';
import { collect } from './collector.mjs';
import { measureOk, median } from './measure.mjs';
import { grepBaselines, logPatterns } from './patterns.mjs';
import { analyzeBin } from './tools.mjs';

// grep -c exits 1 when it counts 0 lines: that is a result, not a failure.
const grepScript = 'zcat -- "$B" | LC_ALL=C grep $F -- "$P"; s=$?; [ $s -le 1 ]';

/**
 * Target 3. The floor is one pass over the bytes: gunzip alone, and gunzip piped to grep
 * with every pattern the analyzer scans for, in the C locale (bytes, as the analyzer's
 * latin1 scan). The ERE is the baseline when every pattern converts; PCRE always runs.
 */
export async function versusGrep(bundle, out) {
  const patterns = await logPatterns();
  const { ere, pcre, unconverted } = grepBaselines(patterns);
  const env = { B: bundle };
  const gunzip = await measureOk('bash', ['-c', 'zcat -- "$B" > /dev/null'], { env });
  const grep = async (g) => {
    const r = await measureOk('bash', ['-c', grepScript], {
      env: { ...env, F: g.flags, P: g.pattern },
    });
    return { ...r, lines: Number(r.stdout.trim()) };
  };
  const grepE = ere ? await grep(ere) : undefined;
  const grepP = await grep(pcre);
  await mkdir(out, { recursive: true });
  const analyze = await measureOk(process.execPath, [analyzeBin, bundle, '--out', out, '--quiet']);
  return { patterns: patterns.length, unconverted, gunzip, grepE, grepP, analyze };
}

/**
 * The analyzer on bundles of growing log size: its peak RSS must not follow them. `known`
 * maps a bundle already analyzed (target 3) to its measurement, which is not repeated.
 */
export async function analyzerSeries(bundles, out, known = new Map()) {
  const rows = [];
  for (const { total, path } of bundles) {
    const r =
      known.get(path) ??
      (await measureOk(process.execPath, [analyzeBin, path, '--out', out, '--quiet']));
    rows.push({ total, seconds: r.seconds, rssMb: r.rssMb, cpuSeconds: r.cpuSeconds });
  }
  return rows;
}

/** The demo's bundle: the broken Studio scenario, served and collected by the real collector. */
export async function demoBundle(work) {
  const { scenario } = await brokenStudio();
  const tree = join(work, 'demo-scenario');
  await scenario.write(tree);
  const server = await startServer({ bundle: tree });
  try {
    const bundle = join(work, 'demo.tar.gz');
    await collect(server, bundle);
    return bundle;
  } finally {
    await server.close();
  }
}

/** Target 4. `runs` analyses of the demo bundle per program, reports written to a directory. */
export async function smallBundle(bundle, out, programs, runs) {
  const results = [];
  for (const { name, command, args, extra = [] } of programs) {
    const times = [];
    const cpu = [];
    let rssMb = 0;
    let verdict = '';
    for (let i = 0; i < runs; i++) {
      const r = await measureOk(command, [
        ...args,
        bundle,
        '--out',
        join(out, String(results.length)),
        ...extra,
      ]);
      times.push(r.seconds);
      cpu.push(r.cpuSeconds);
      rssMb = Math.max(rssMb, r.rssMb);
      verdict = r.stdout.split('\n')[0] ?? '';
    }
    results.push({
      name,
      median: median(times),
      max: Math.max(...times),
      cpu: median(cpu),
      rssMb,
      verdict,
      runs,
    });
  }
  return results;
}
