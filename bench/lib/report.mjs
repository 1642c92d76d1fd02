// bench/RESULTS.md: the targets with their measured ratios, then every figure.
import { fmt, mb } from './measure.mjs';

const s = (x) => `${fmt(x, 2)} s`;
const m = (x) => `${fmt(x, 0)} MB`;
const yes = (ok) => (ok ? '**met**' : '**missed**');
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
const req = (r) =>
  `${r.total} (${r.logs} logs, ${r.previousLogs} previous, ${r.other} other${r.failed ? `, ${r.failed} not 2xx` : ''})`;

/** The verdict of each target measured in this run. */
function targets(r) {
  const rows = [];
  const at = r.collector?.find((c) => c.pods === r.plan.comparePods);
  if (at) {
    const ratio = at.kubectl.seconds / at.collector.seconds;
    rows.push([
      `1. collector vs kubectl cluster-info dump, ${at.pods} pods, ${r.latencyMs} ms`,
      '≥ 5× faster, collecting more',
      `${s(at.collector.seconds)} vs ${s(at.kubectl.seconds)}: **${fmt(ratio)}×**; ${at.collector.requests.total} vs ${at.kubectl.requests.total} requests`,
      yes(ratio >= 5 && at.collector.requests.total > at.kubectl.requests.total),
      `latency floor ${s(at.floors.collector)} (${fmt(at.collector.seconds / at.floors.collector)}× it)`,
    ]);
  }
  if (r.memory?.length) {
    const first = r.memory[0];
    const last = r.memory[r.memory.length - 1];
    const peak = Math.max(...r.memory.map((x) => x.rssMb));
    const growth = last.rssMb / first.rssMb;
    rows.push([
      `2. collector peak RSS, ${m(mb(first.total))} → ${m(mb(last.total))} of logs`,
      '< 150 MB, flat (≤ 1.1× from the smallest to the largest)',
      `${r.memory.map((x) => m(x.rssMb)).join(' → ')}: **${fmt(growth, 2)}×**`,
      yes(peak < 150 && growth <= 1.1),
      `Node's own floor: \`node -e 0\` ≈ 40 MB; see below`,
    ]);
  }
  if (r.analyzer) {
    const a = r.analyzer;
    const base = a.grepE ?? a.grepP;
    const ratio = a.analyze.seconds / base.seconds;
    rows.push([
      `3. analyzer, every rule, ${m(mb(r.analyzerInput ?? 0))} of logs`,
      '≤ 1.5× zcat \\| grep; RSS < 256 MB',
      `${s(a.analyze.seconds)} vs ${s(base.seconds)} (grep ${a.grepE ? '-E' : '-P'}): **${fmt(ratio, 2)}×**; ${m(a.analyze.rssMb)}`,
      yes(ratio <= 1.5 && a.analyze.rssMb < 256),
      `gunzip alone ${s(a.gunzip.seconds)} (${fmt(a.analyze.seconds / a.gunzip.seconds, 2)}× it)`,
    ]);
  }
  for (const p of r.small ?? []) {
    rows.push([
      `4. demo bundle end to end, ${p.name}`,
      '< 1 s',
      `median **${s(p.median)}** (max ${s(p.max)}, ${p.runs} runs; CPU ${s(p.cpu)}), ${m(p.rssMb)}`,
      yes(p.median < 1),
      '',
    ]);
  }
  if (r.serve) {
    rows.push([
      `5. serve: kubectl get pods -A, ${r.serve.pods} pods`,
      'well under 1 s',
      `warm **${s(r.serve.warm)}**, cold ${s(r.serve.cold)} (discovery)`,
      yes(r.serve.warm < 1),
      `serve peak RSS ${m(r.serve.peakMb)}, ready in ${s(r.serve.readySeconds)}`,
    ]);
  }
  return table(['target', 'goal', 'measured', 'verdict', 'floor / note'], rows);
}

export function report(r) {
  const out = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${r.quick ? ' -- --quick' : ''}\` (bench/README.md says what each figure is). ` +
      `Machine: ${r.machine.cpu}, ${r.machine.memory}; Node ${r.machine.node}; kubectl ${r.kubectl}; ` +
      `${r.machine.date}; load average at start ${r.machine.load}, at the end ${r.loadEnd} (2 cores; other work shares them); ` +
      `the whole run took ${fmt(r.seconds, 0)} s.`,
    '',
    targets(r),
    ...(r.errors?.length
      ? [
          '',
          '**Not measured in this run:**',
          '',
          ...r.errors.map((e) => `- ${e.what}: ${e.message}`),
        ]
      : []),
  ];
  if (r.collector) {
    out.push(
      '',
      `## 1. studio-collect k8s vs kubectl cluster-info dump (${r.latencyMs} ms per request)`,
      '',
      `Each cluster: the broken Studio plus pods of 3 containers, 1 in 10 restarted once; every log ${fmt(r.plan.bytesPerLog / 1000, 0)} kB. ` +
        `Served by \`studio-analyze serve\` with ${r.latencyMs} ms added to every answer; each tool run alone. ` +
        `Latency floor: requests ÷ concurrency (collector ${r.concurrency}, kubectl 1) × ${r.latencyMs} ms.`,
      '',
      table(
        [
          'pods',
          'logs',
          'tool',
          'time',
          'ratio',
          'requests',
          'floor',
          'peak RSS',
          'CPU',
          'written',
        ],
        r.collector.flatMap((c) => [
          [
            c.pods,
            m(mb(c.logBytes)),
            'studio-collect k8s',
            s(c.collector.seconds),
            `**${fmt(c.kubectl.seconds / c.collector.seconds)}×**`,
            req(c.collector.requests),
            s(c.floors.collector),
            m(c.collector.rssMb),
            s(c.collector.cpuSeconds),
            `${m(mb(c.collector.compressed))} tar.gz (${m(mb(c.collector.bytes))} tar)`,
          ],
          [
            c.pods,
            m(mb(c.logBytes)),
            'kubectl cluster-info dump',
            s(c.kubectl.seconds),
            '1×',
            req(c.kubectl.requests),
            s(c.floors.kubectl),
            m(c.kubectl.rssMb),
            s(c.kubectl.cpuSeconds),
            `${m(mb(c.kubectl.bytes))} in ${c.kubectl.files} files`,
          ],
        ]),
      ),
    );
  }
  if (r.memory) {
    out.push(
      '',
      '## 2. Collector memory as the logs grow',
      '',
      `${r.plan.memoryPods} pods, every log collected whole (\`${r.memory[0].caps.join(' ')}\`: the defaults, 5 MB / 10,000 lines per container, would cut these logs).`,
      '',
      table(
        ['logs served', 'log files', 'time', 'throughput', 'peak RSS', 'CPU', 'bundle'],
        r.memory.map((x) => [
          m(mb(x.total)),
          x.logs,
          s(x.seconds),
          `${fmt(mb(x.total) / x.seconds, 0)} MB/s`,
          `**${m(x.rssMb)}**`,
          s(x.cpuSeconds),
          `${m(mb(x.size.compressed))} (${m(mb(x.size.uncompressed))} tar)`,
        ]),
      ),
    );
  }
  if (r.analyzer) {
    const a = r.analyzer;
    out.push(
      '',
      '## 3. Analyzer vs zcat | grep',
      '',
      `The bundle collected from ${m(mb(r.analyzerInput ?? 0))} of logs above. The baselines search for the ${a.patterns} patterns the analyzer scans for (every rule's and the facts layer's) with \`LC_ALL=C\`: ` +
        (a.grepE
          ? "as one POSIX ERE (converted: `(?:` → `(`, `\\d` → `[0-9]`) with `grep -cE`, the issue's baseline, and as PCRE with `grep -cP`."
          : `as PCRE with \`grep -cP\` (not convertible to ERE: ${a.unconverted.join(', ')}).`),
      '',
      table(
        ['command', 'time', 'analyzer ÷ it', 'peak RSS', 'CPU', 'matching lines'],
        [
          ['zcat > /dev/null', a.gunzip, ''],
          ...(a.grepE ? [['zcat \\| grep -cE', a.grepE, a.grepE.lines]] : []),
          ['zcat \\| grep -cP', a.grepP, a.grepP.lines],
          ['studio-analyze (html + md reports)', a.analyze, ''],
        ].map(([name, x, lines]) => [
          name,
          s(x.seconds),
          `${fmt(a.analyze.seconds / x.seconds, 2)}×`,
          m(x.rssMb),
          s(x.cpuSeconds),
          lines,
        ]),
      ),
    );
  }
  if (r.analyzerMemory) {
    out.push(
      '',
      '### Analyzer memory as the logs grow (issue 7)',
      '',
      table(
        ['logs in the bundle', 'time', 'throughput', 'peak RSS', 'CPU'],
        r.analyzerMemory.map((x) => [
          m(mb(x.total)),
          s(x.seconds),
          `${fmt(mb(x.total) / x.seconds, 0)} MB/s`,
          `**${m(x.rssMb)}**`,
          s(x.cpuSeconds),
        ]),
      ),
    );
  }
  if (r.small) {
    out.push(
      '',
      '## 4. Demo bundle, process start to report written',
      '',
      'The broken Studio scenario served and collected by the real collector; `studio-analyze BUNDLE --out DIR` writing report.html and report.md. ' +
        'CPU is user + system time: on a machine shared with other work the wall time waits for a core, the CPU time does not.' +
        (r.exeRules ? ' The binary did not carry the rules: it was given `--rules rules/`.' : ''),
      '',
      table(
        ['program', 'median', 'max', 'median CPU', 'peak RSS', 'verdict printed'],
        r.small.map((p) => [
          p.name,
          s(p.median),
          s(p.max),
          s(p.cpu),
          m(p.rssMb),
          p.verdict.split(' — ')[0],
        ]),
      ),
    );
  }
  if (r.serve) {
    out.push(
      '',
      '## 5. studio-analyze serve',
      '',
      table(
        [
          'pods',
          'ready after',
          'get pods -A (cold)',
          'get pods -A (warm, median of 4)',
          'serve RSS peak / now',
        ],
        [
          [
            r.serve.pods,
            s(r.serve.readySeconds),
            s(r.serve.cold),
            s(r.serve.warm),
            `${m(r.serve.peakMb)} / ${m(r.serve.nowMb)}`,
          ],
        ],
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
