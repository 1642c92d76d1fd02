import { join } from 'node:path';
import { startServer, type ServeHandle } from '@studio-support/analyzer';
import {
  execOutputPath,
  execResultPath,
  parseExecPath,
  validate,
  type ExecCheckResult,
} from '@studio-support/schema';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { evidence } from '../evidence/index.js';
import { studioNamespace as ns } from '../scenario/index.js';
import { Kubectl } from '../serve/kubectl-run.js';
import { execStudio } from './exec-scenario.js';
import { readBundle, runCollect, serveScenario, tempDir, type Bundle } from './helpers.js';
import { canaries } from './scenarios.js';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});
async function setup(): Promise<string> {
  const t = await tempDir('exec-checks-');
  cleanups.push(t.cleanup);
  return t.dir;
}
function track(server: ServeHandle): ServeHandle {
  cleanups.push(() => server.close());
  return server;
}

let kubectl: Kubectl;
beforeAll(async () => {
  kubectl = await Kubectl.create('newest');
});

const execFiles = (b: Bundle) => [...b.files.keys()].filter((p) => parseExecPath(p)).sort();
const status = (b: Bundle) =>
  Object.fromEntries(b.manifest.collectors.map((c) => [c.id, c.status]));

describe('studio-collect k8s --exec-checks against serve', () => {
  it('runs the guide’s checks, records them redacted, and kubectl exec replays the bundle', async () => {
    const dir = await setup();
    const studio = await execStudio();
    const backend = studio.backendPod.metadata.name;
    const frontend = studio.frontendPod.metadata.name;
    const server = track(await serveScenario(studio.scenario, dir));

    // The served scenario answers as a live container: the real kubectl (both pins) prints it.
    for (const pin of ['newest', 'oldest'] as const) {
      const k = pin === 'newest' ? kubectl : await Kubectl.create(pin);
      const live = await k.run(server.kubeconfigPath, ['exec', backend, '-n', ns, '--', 'env']);
      expect(live.stderr, pin).toBe('');
      expect(live.stdout, pin).toBe(studio.env);
    }

    const out = join(dir, 'exec.tar.gz');
    const r = await runCollect([
      'k8s',
      '--kubeconfig',
      server.kubeconfigPath,
      '-o',
      out,
      '--exec-checks',
      '-q',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const b = await readBundle(out);
    expect(status(b)).toMatchObject({ 'exec-backend': 'ok', 'exec-frontend': 'ok' });
    expect(b.manifest.options).toMatchObject({ execChecks: true, execTimeout: '20s' });
    const ids = (pod: string, list: string[], withOutput: string[]) =>
      list.flatMap((id) => [
        execResultPath(ns, pod, id),
        ...(withOutput.includes(id) ? [execOutputPath(ns, pod, id)] : []),
      ]);
    expect(execFiles(b)).toEqual(
      [
        ...ids(
          backend,
          ['database', 'database-python3', 'redis', 'redis-python3', 'health', 'env'],
          ['database-python3', 'redis-python3', 'health', 'env'],
        ),
        ...ids(frontend, ['backend-health', 'dns', 'dns-getent'], ['backend-health', 'dns-getent']),
      ].sort(),
    );
    for (const path of execFiles(b).filter((p) => p.endsWith('.json'))) {
      expect(validate('exec-check', JSON.parse(b.files.get(path)!.toString())), path).toEqual([]);
    }
    const result = (pod: string, id: string) =>
      JSON.parse(b.files.get(execResultPath(ns, pod, id))!.toString()) as ExecCheckResult;
    expect(result(backend, 'database')).toMatchObject({ missing: true, exitCode: null });
    expect(b.files.get(execOutputPath(ns, backend, 'database-python3'))!.toString()).toBe(
      `${evidence.guideDatabaseCheck.ok.text}\n`,
    );
    expect(result(frontend, 'dns-getent')).toMatchObject({ check: 'dns', exitCode: 0 });

    // env: names kept, secret values gone; no canary anywhere in the tarball.
    const env = b.files.get(execOutputPath(ns, backend, 'env'))!.toString();
    expect(env).toContain('DB_PASSWORD=***\n');
    expect(env).toContain('DATABASE_URL=postgresql://studio:***@datachain-studio-postgres');
    expect(env).toContain('LOG_LEVEL=info\n');
    for (const value of Object.values(canaries))
      expect(b.tarBytes.includes(value), value).toBe(false);

    // The collected bundle served: kubectl exec prints exactly what the bundle holds.
    const served = track(await startServer({ bundle: out }));
    const replay = await kubectl.run(served.kubeconfigPath, [
      'exec',
      backend,
      '-n',
      ns,
      '--',
      'env',
    ]);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(0);
    expect(replay.stdout).toBe(env);

    // A command nothing recorded: one clear error, exit 1.
    const ls = await kubectl.run(served.kubeconfigPath, [
      'exec',
      backend,
      '-n',
      ns,
      '--',
      'ls',
      '/',
    ]);
    expect(ls.code).toBe(1);
    expect(ls.stdout).toBe('');
    expect(ls.stderr).toBe(
      `error: studio-analyze serve answers exec from the bundle's recorded output only, and nothing was recorded for ls / in container "datachain-studio-backend" of pod "${backend}"; recorded there: python3 -c …; python -c …; env; curl -sf -m 5 http://localhost:8000/health; python3 -c …; python -c …\n`,
    );
    // A program missing from the image: the runtime's own error, as the cluster gave it.
    const nslookup = await kubectl.run(served.kubeconfigPath, [
      'exec',
      frontend,
      '-n',
      ns,
      '--',
      ...result(frontend, 'dns').argv,
    ]);
    expect(nslookup.code).toBe(1);
    expect(nslookup.stderr).toBe(`error: ${result(frontend, 'dns').error}\n`);
  });

  it('replays a non-zero exit code as kubectl shows it', async () => {
    const dir = await setup();
    const studio = await execStudio({ health: { exitCode: 7 } });
    const server = track(await serveScenario(studio.scenario, dir));
    const r = await kubectl.run(server.kubeconfigPath, [
      'exec',
      studio.backendPod.metadata.name,
      '-n',
      ns,
      '--',
      'curl',
      '-sf',
      '-m',
      '5',
      'http://localhost:8000/health',
    ]);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('command terminated with exit code 7\n');
  });

  it('runs nothing in any pod without --exec-checks', async () => {
    const dir = await setup();
    const server = track(await serveScenario((await execStudio()).scenario, dir));
    const out = join(dir, 'plain.tar.gz');
    const r = await runCollect(['k8s', '--kubeconfig', server.kubeconfigPath, '-o', out, '-q']);
    expect(r.code).toBe(0);
    const b = await readBundle(out);
    expect(status(b)).toMatchObject({ 'exec-backend': 'skipped', 'exec-frontend': 'skipped' });
    expect(execFiles(b)).toEqual([]);
    expect(server.requests().filter((q) => q.path.includes('/exec'))).toEqual([]);
  });
});

describe('studio-collect k8s --exec-checks with faults', () => {
  it('a 403 on pods/exec: recorded per pod, the rest collected, exit 3', async () => {
    const dir = await setup();
    const studio = await execStudio();
    const server = track(
      await serveScenario(studio.scenario, dir, {
        errors: [{ resource: 'pods', verb: 'exec', status: 403 }],
      }),
    );
    const out = join(dir, 'forbidden.tar.gz');
    const r = await runCollect([
      'k8s',
      '--kubeconfig',
      server.kubeconfigPath,
      '-o',
      out,
      '--exec-checks',
    ]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/partial: .*exec-backend failed \(pods\/exec: 403\)/);
    const b = await readBundle(out);
    expect(execFiles(b)).toEqual([]);
    const errors = b.manifest.collectors
      .filter((c) => c.id.startsWith('exec-'))
      .map((c) => [c.id, c.status, c.errors.map((e) => [e.code, e.httpStatus, e.path])]);
    expect(errors).toEqual([
      [
        'exec-backend',
        'failed',
        [['Forbidden', 403, execResultPath(ns, studio.backendPod.metadata.name, 'database')]],
      ],
      [
        'exec-frontend',
        'failed',
        [
          [
            'Forbidden',
            403,
            execResultPath(ns, studio.frontendPod.metadata.name, 'backend-health'),
          ],
        ],
      ],
    ]);
    expect(b.manifest.collectors.find((c) => c.id === 'exec-backend')!.errors[0]!.message).toBe(
      `${studio.backendPod.metadata.name}: no in-pod checks ran: 403 Forbidden: pods "${studio.backendPod.metadata.name}" is forbidden: User "studio-support" cannot create resource "pods/exec" in API group "" in the namespace "${ns}"`,
    );
    expect(status(b)).toMatchObject({ 'studio-resources': 'ok', 'pod-logs': 'ok' });
  });

  it('exec streams that never end: each check ends at --exec-timeout, collection finishes', async () => {
    const dir = await setup();
    const studio = await execStudio();
    const backend = studio.backendPod.metadata.name;
    const server = track(
      await serveScenario(studio.scenario, dir, { execStreams: [{ pod: backend, mode: 'stall' }] }),
    );
    const out = join(dir, 'stalled.tar.gz');
    const r = await runCollect([
      'k8s',
      '--kubeconfig',
      server.kubeconfigPath,
      '-o',
      out,
      '--exec-checks',
      '--exec-timeout',
      '1s',
      '-q',
    ]);
    expect(r.code).toBe(3);
    expect(r.ms).toBeLessThan(30_000);
    const b = await readBundle(out);
    const run = b.manifest.collectors.find((c) => c.id === 'exec-backend')!;
    expect(run.status).toBe('partial');
    expect(run.errors.map((e) => [e.code, e.path])).toEqual(
      ['database', 'env', 'health', 'redis'].map((id) => [
        'Timeout',
        execOutputPath(ns, backend, id),
      ]),
    );
    const db = JSON.parse(
      b.files.get(execResultPath(ns, backend, 'database'))!.toString(),
    ) as ExecCheckResult;
    expect(db).toMatchObject({ timedOut: true, exitCode: null, missing: false });
    expect(status(b)['exec-frontend']).toBe('ok');
  });
});
