// Target 5: `kubectl get pods -A` against `studio-analyze serve` holding a cluster of many pods.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kubectlPath } from '@studio-support/e2e';
import { measureOk, median } from './measure.mjs';
import { analyzeBin } from './tools.mjs';

/** Peak and current RSS of a live process, from /proc (VmHWM is the high-water mark). */
async function rssOf(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, nowMb: kb('VmRSS') / 1024 };
}

/** Starts `studio-analyze serve DIR`; resolves once it printed its kubeconfig. */
function startServe(dir, kubeconfig, timeoutMs = 120_000) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [analyzeBin, 'serve', dir, '--kubeconfig-out', kubeconfig],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`studio-analyze serve ${dir}: not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('export KUBECONFIG=')) {
        clearTimeout(timer);
        resolve({ child, readySeconds: (performance.now() - started) / 1000 });
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`studio-analyze serve ${dir}: exited ${code} before it was ready`));
    });
  });
}

function stop(child) {
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** `runs` times `kubectl get pods -A`: the first with a cold discovery cache, then warm. */
export async function getPods(dir, work, pods, runs) {
  const kubectl = await kubectlPath('newest');
  const kubeconfig = join(work, 'serve-kubeconfig');
  const { child, readySeconds } = await startServe(dir, kubeconfig);
  try {
    const times = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      const r = await measureOk(kubectl, [
        '--kubeconfig',
        kubeconfig,
        '--cache-dir',
        join(work, 'serve-kube-cache'),
        'get',
        'pods',
        '-A',
      ]);
      times.push(r.seconds);
      rows = r.stdout.trim().split('\n').length - 1;
    }
    if (rows !== pods) throw new Error(`kubectl get pods -A listed ${rows} pods, expected ${pods}`);
    const rss = await rssOf(child.pid);
    return { pods, rows, readySeconds, cold: times[0], warm: median(times.slice(1)), ...rss };
  } finally {
    await stop(child);
  }
}
