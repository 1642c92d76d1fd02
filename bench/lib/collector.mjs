// Targets 1 and 2: studio-collect k8s against `kubectl cluster-info dump` on the same served
// cluster, and the collector's peak memory as the logs grow.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer } from '@studio-support/analyzer';
import { kubectlPath } from '@studio-support/e2e';
import { measureOk, mb } from './measure.mjs';
import { writeScenario } from './scenario.mjs';
import { classify, collectBin, gunzippedSize, treeSize } from './tools.mjs';

/** The collector's default --concurrency, for the latency floor. */
export const concurrency = 8;

/** Serves `scenario` with `latencyMs` per request while `fn(server)` runs. */
async function served(scenario, latencyMs, fn) {
  const server = await startServer({ bundle: scenario, faults: { latencyMs } });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/** Runs a command against the server; returns its measurement and the requests it made. */
async function against(server, command, args) {
  const mark = server.requests().length;
  const run = await measureOk(command, args);
  // Responses are recorded when their connection closes: let the last ones land.
  await new Promise((r) => setTimeout(r, 50));
  return { ...run, requests: classify(server.requests().slice(mark)) };
}

export function collect(server, out, extra = []) {
  return against(server, process.execPath, [
    collectBin,
    'k8s',
    '--kubeconfig',
    server.kubeconfigPath,
    '-o',
    out,
    '--quiet',
    ...extra,
  ]);
}

/**
 * Target 1. For each size: write the cluster, serve it with `latencyMs`, run the collector,
 * then kubectl (cold discovery cache, as on a support call), each alone on the machine.
 * `keep(pods, dir)` may claim a scenario directory (serve's benchmark reuses one).
 */
export async function versusKubectl(work, { sizes, bytesPerLog, latencyMs, keep }) {
  const kubectl = await kubectlPath('newest');
  const rows = [];
  for (const pods of sizes) {
    const dir = join(work, `cluster-${pods}`);
    const scenario = join(dir, 'scenario');
    const made = await writeScenario(scenario, { pods, bytesPerLog });
    const row = await served(scenario, latencyMs, async (server) => {
      const bundle = join(dir, 'bundle.tar.gz');
      const c = await collect(server, bundle);
      const dump = join(dir, 'dump');
      const k = await against(server, kubectl, [
        '--kubeconfig',
        server.kubeconfigPath,
        '--cache-dir',
        join(dir, 'kube-cache'),
        'cluster-info',
        'dump',
        '--namespaces',
        'datachain-studio',
        '--output-directory',
        dump,
      ]);
      const size = await gunzippedSize(bundle);
      const dumped = await treeSize(dump);
      return {
        pods: made.pods,
        logBytes: made.logBytes,
        collector: { ...c, bytes: size.uncompressed, compressed: size.compressed },
        kubectl: { ...k, bytes: dumped.bytes, files: dumped.files },
        floors: {
          collector: (Math.ceil(c.requests.total / concurrency) * latencyMs) / 1000,
          kubectl: (k.requests.total * latencyMs) / 1000,
        },
      };
    });
    rows.push(row);
    if (keep?.(pods, scenario)) await rm(join(dir, 'dump'), { recursive: true, force: true });
    else await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * Target 2. One cluster shape (`pods` pods), logs of each total size, every log collected
 * whole: the caps are raised above the largest log so the bundle holds all of it. Returns
 * one row per size; `keepBundle(total, path)` may claim a bundle (the analyzer's input).
 */
export async function memorySeries(work, { totals, pods, latencyMs, keepBundle }) {
  const rows = [];
  for (const total of totals) {
    const dir = join(work, `logs-${Math.round(mb(total))}`);
    const scenario = join(dir, 'scenario');
    const made = await writeScenario(scenario, { pods, totalLogBytes: total });
    const caps = ['--max-log-bytes', '16MB', '--max-log-lines', '200000'];
    const bundle = join(dir, 'bundle.tar.gz');
    const c = await served(scenario, latencyMs, (server) => collect(server, bundle, caps));
    const size = await gunzippedSize(bundle);
    rows.push({ total: made.logBytes, logs: made.logs, caps, ...c, size });
    await rm(scenario, { recursive: true, force: true });
    if (!keepBundle?.(total, bundle)) await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
