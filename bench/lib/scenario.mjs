// Large scenarios for the benchmarks: the broken Studio of the e2e scenarios (so every kind
// the collector asks for is there: ingress, TLS secret, configmaps, the ingress controller)
// grown to N pods, the added ones with 3 containers each, their events, and logs of a chosen
// size written straight to disk (the scenario builder keeps logs in memory; these do not fit).
import { open } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { brokenStudio, studioNamespace } from '@studio-support/e2e';
import { podLogPath } from '@studio-support/schema';
import { logBlock } from './log-lines.mjs';

const day = 86_400;
export const containers = [
  { name: 'api', program: 'api', image: 'registry.datachain.ai/studio-backend:v2.14.0' },
  { name: 'proxy', program: 'proxy', image: 'nginx:1.22.1' },
  { name: 'worker', program: 'worker', image: 'registry.datachain.ai/studio-worker:v2.14.0' },
];

/**
 * Writes a scenario tree of `pods` pods into `dir`: the 6 of the broken Studio plus
 * `pods - 6` of 3 containers each, one in `restartEvery` of which restarted once (so it
 * also has a previous log). Every log of the added pods holds `bytesPerLog` bytes, or
 * `totalLogBytes` split evenly (whole lines). Returns what was written.
 */
export async function writeScenario(dir, { pods, bytesPerLog, totalLogBytes, restartEvery = 10 }) {
  const { scenario: s } = await brokenStudio();
  const base = s.all('Pod').length;
  const bulk = Math.max(0, pods - base);
  const restarted = Math.floor(bulk / restartEvery);
  const plan = (restart) =>
    containers.map((c) => ({
      name: c.name,
      image: c.image,
      ...(restart && {
        restartCount: 1,
        lastState: s.terminated('Error', 1, 3 * 3600, 3 * 3600 - 120),
      }),
    }));
  const groups = [
    { name: 'datachain-studio-api', replicas: bulk - restarted, restart: false },
    { name: 'datachain-studio-api-canary', replicas: restarted, restart: true },
  ].filter((g) => g.replicas > 0);
  const logs = [];
  for (const g of groups) {
    const { pods: made } = s.deployment({
      namespace: studioNamespace,
      name: g.name,
      labels: {
        'app.kubernetes.io/name': g.name,
        'app.kubernetes.io/instance': 'datachain-studio',
      },
      containers: plan(g.restart),
      replicas: g.replicas,
      ageSeconds: 2 * day,
    });
    for (const pod of made) {
      for (const c of containers) {
        logs.push({ pod: pod.metadata.name, ...c, previous: false });
        if (g.restart) logs.push({ pod: pod.metadata.name, ...c, previous: true });
      }
    }
  }
  await s.write(dir);
  const perLog = bytesPerLog ?? Math.ceil(totalLogBytes / Math.max(1, logs.length));
  const blocks = Object.fromEntries(
    containers.map((c) => [c.program, logBlock(c.program, Math.min(perLog, 1 << 20))]),
  );
  let bytes = 0;
  for (const log of logs) {
    const file = join(dir, podLogPath(studioNamespace, log.pod, log.name, log.previous));
    bytes += await writeRepeated(file, blocks[log.program], perLog);
  }
  return { dir, pods: s.all('Pod').length, logs: logs.length, logBytes: bytes };
}

/** `block` repeated to about `size` bytes, cut at a line end. */
async function writeRepeated(file, block, size) {
  await mkdir(dirname(file), { recursive: true });
  const fh = await open(file, 'w');
  try {
    let written = 0;
    while (written < size) {
      let part = block;
      if (written + block.length > size) {
        const cut = block.lastIndexOf(10, size - written - 1);
        if (cut <= 0) break;
        part = block.subarray(0, cut + 1);
      }
      await fh.write(part);
      written += part.length;
    }
    return written;
  } finally {
    await fh.close();
  }
}
