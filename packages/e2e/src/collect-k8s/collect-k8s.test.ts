import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ServeHandle } from '@studio-support/analyzer';
import { startServer } from '@studio-support/analyzer';
import { k8sCollectors } from '@studio-support/collector';
import {
  certificatesPath,
  clusterListPath,
  clusterVersionPath,
  namespacedListPath,
  nodeAllocationsPath,
  podLogPath,
  resourceKinds,
  secretsMetadataPath,
  validate,
  type CertificatesFile,
  type SecretMetadataFile,
} from '@studio-support/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { studioNamespace as ns, type Obj } from '../scenario/index.js';
import {
  collectBin,
  json,
  readBundle,
  runCollect,
  serveScenario,
  tempDir,
  type Bundle,
} from './helpers.js';
import { brokenStudioCluster, canaries, healthyStudio, imagePullStudio } from './scenarios.js';

let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(): Promise<string> {
  const t = await tempDir('collect-k8s-');
  cleanups.push(t.cleanup);
  return t.dir;
}

function track(server: ServeHandle): ServeHandle {
  cleanups.push(() => server.close());
  return server;
}

/** Log paths a pod must have: current for every started container, previous after restarts. */
function expectedLogs(pods: Obj[]): string[] {
  const paths: string[] = [];
  for (const pod of pods) {
    const statuses =
      (pod.status as { containerStatuses?: Record<string, unknown>[] }).containerStatuses ?? [];
    for (const s of statuses) {
      const state = s.state as Record<string, unknown>;
      const last = s.lastState as Record<string, unknown>;
      const name = s.name as string;
      if (state.running || state.terminated || last.terminated) {
        paths.push(podLogPath(pod.metadata.namespace!, pod.metadata.name, name, false));
      }
      if ((s.restartCount as number) > 0) {
        paths.push(podLogPath(pod.metadata.namespace!, pod.metadata.name, name, true));
      }
    }
  }
  return paths;
}

const controllerKinds = [
  'pods',
  'events',
  'services',
  'endpoints',
  'deployments',
  'daemonsets',
  'configmaps',
];

describe('studio-collect k8s against studio-analyze serve (the real CLI)', () => {
  it('collects a healthy Studio completely: every Kubernetes path, a valid manifest, no secret', async () => {
    const dir = await setup();
    const { scenario, tlsKey } = await healthyStudio();
    const server = track(await serveScenario(scenario, dir));
    const out = join(dir, 'bundle.tar.gz');
    const r = await runCollect(['k8s', '--kubeconfig', server.kubeconfigPath, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^studio-collect: wrote ${out.replace(/[.]/g, '\\.')} \\([\\d.]+ KB\\) in [\\d.]+s; complete\\n$`,
      ),
    );
    const b = await readBundle(out);
    expect(validate('manifest', b.manifest)).toEqual([]);

    const pods = scenario.all('Pod');
    const inNs = (n: string) => pods.filter((p) => p.metadata.namespace === n);
    const dnsPods = inNs('kube-system').filter(
      (p) => (p.metadata.labels as Record<string, string>)['k8s-app'] === 'kube-dns',
    );
    const expected = [
      clusterVersionPath,
      ...resourceKinds.filter((k) => !k.namespaced).map((k) => clusterListPath(k.dir)),
      ...resourceKinds.filter((k) => k.namespaced).map((k) => namespacedListPath(k.dir, ns)),
      ...controllerKinds.map((k) => namespacedListPath(k, 'ingress-nginx')),
      namespacedListPath('pods', 'kube-system'),
      namespacedListPath('events', 'kube-system'),
      secretsMetadataPath(ns),
      certificatesPath(ns),
      nodeAllocationsPath,
      ...expectedLogs([...inNs(ns), ...inNs('ingress-nginx'), ...dnsPods]),
      'manifest.json',
      'version.yaml',
    ].sort();
    expect([...b.files.keys()].sort()).toEqual(expected);

    // Every collector accounted for; the health probes only on request.
    const status = Object.fromEntries(b.manifest.collectors.map((c) => [c.id, c.status]));
    expect(status).toEqual({
      'cluster-version': 'ok',
      'cluster-resources': 'ok',
      'studio-resources': 'ok',
      'ingress-controller': 'ok',
      'kube-system-dns': 'ok',
      'pod-logs': 'ok',
      secrets: 'ok',
      certificates: 'ok',
      'resource-metrics': 'skipped',
      'node-allocations': 'ok',
      'ingress-metrics': 'skipped',
      'prometheus-alerts': 'skipped',
      'health-probes': 'skipped',
      'exec-backend': 'skipped',
      'exec-frontend': 'skipped',
    });
    expect(b.manifest.target).toMatchObject({
      kind: 'kubernetes',
      server: server.url,
      namespace: ns,
      namespaces: [ns, 'ingress-nginx', 'kube-system'],
      ingressControllerNamespace: 'ingress-nginx',
      serverVersion: 'v1.31.2+k3s1',
    });

    // Lists are the objects the cluster served; kube-system holds only DNS pods.
    const served = (path: string) =>
      json<{ items: Obj[] }>(b, path)
        .items.map((o) => o.metadata.name)
        .sort();
    const names = (list: Obj[]) => list.map((p) => p.metadata.name).sort();
    expect(served(namespacedListPath('pods', ns))).toEqual(names(inNs(ns)));
    expect(served(namespacedListPath('pods', 'kube-system'))).toEqual(names(dnsPods));
    expect(served(namespacedListPath('services', 'ingress-nginx'))).toEqual([
      'ingress-nginx-controller',
    ]);

    const secrets = json<SecretMetadataFile>(b, secretsMetadataPath(ns));
    expect(validate('secrets', secrets)).toEqual([]);
    expect(secrets.items.map((s) => [s.name, s.type, s.keys.map((k) => k.name)])).toEqual([
      ['datachain-studio-secrets', 'Opaque', ['DATABASE_URL']],
      ['datachain-studio-tls', 'kubernetes.io/tls', ['tls.crt', 'tls.key']],
    ]);
    const certs = json<CertificatesFile>(b, certificatesPath(ns));
    expect(validate('certificates', certs)).toEqual([]);
    expect(certs.items).toHaveLength(1);
    expect(certs.items[0]).toMatchObject({
      secret: 'datachain-studio-tls',
      subject: 'CN=studio.example.com',
      sans: ['DNS:studio.example.com'],
      hosts: ['studio.example.com'],
      chainPosition: 0,
    });
    expect(certs.references).toEqual([
      {
        ingress: 'datachain-studio-ingress',
        hosts: ['studio.example.com'],
        secretName: 'datachain-studio-tls',
        found: true,
      },
    ]);

    // Canaries: nowhere in the tarball, in plain text or base64.
    const keyBody = tlsKey.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const value of [...Object.values(canaries), ...keyBody]) {
      expect(b.tarBytes.includes(value), value).toBe(false);
      expect(b.tarBytes.includes(Buffer.from(value).toString('base64')), value).toBe(false);
    }
    expect(b.tarBytes.includes('PRIVATE KEY-----\n')).toBe(false);
    const frontendLog = [...b.files.keys()].find((p) => p.includes('datachain-studio-frontend-'))!;
    expect(b.files.get(frontendLog)!.toString()).toContain(
      'postgresql://studio:***@datachain-studio-postgres',
    );
    expect(b.manifest.redaction.counts).toMatchObject({
      'connection-string-password': expect.any(Number),
      'secret-key-name': expect.any(Number),
    });
  });

  it('collects a broken Studio: previous logs of the crash-looping backend, byte for byte', async () => {
    const dir = await setup();
    const scenario = await brokenStudioCluster();
    const server = track(await serveScenario(scenario, dir));
    const out = join(dir, 'b.tar.gz');
    const r = await runCollect([
      'k8s',
      '--kubeconfig',
      server.kubeconfigPath,
      '-o',
      out,
      '--quiet',
    ]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    const b = await readBundle(out);
    const backend = scenario
      .all('Pod')
      .find((p) => p.metadata.name.startsWith('datachain-studio-backend-'))!;
    for (const previous of [false, true]) {
      const path = podLogPath(ns, backend.metadata.name, 'datachain-studio-backend', previous);
      const source = await readFile(join(dir, 'scenario', path));
      expect(b.files.get(path)?.equals(source), path).toBe(true);
    }
  });

  it('keeps the newest lines within --max-log-lines and --max-log-bytes and records the cut', async () => {
    const dir = await setup();
    const scenario = await brokenStudioCluster();
    const server = track(await serveScenario(scenario, dir));
    const out = join(dir, 'capped.tar.gz');
    const args = ['k8s', '--kubeconfig', server.kubeconfigPath, '-o', out, '-q'];
    const r = await runCollect([...args, '--max-log-lines', '3', '--max-log-bytes', '1KB']);
    expect(r.code).toBe(0);
    const b = await readBundle(out);
    const backend = scenario
      .all('Pod')
      .find((p) => p.metadata.name.startsWith('datachain-studio-backend-'))!;
    const path = podLogPath(ns, backend.metadata.name, 'datachain-studio-backend', false);
    const source = (await readFile(join(dir, 'scenario', path), 'utf8')).trimEnd().split('\n');
    expect(b.files.get(path)!.toString()).toBe(`${source.slice(-3).join('\n')}\n`);
    const logs = b.manifest.collectors.find((c) => c.id === 'pod-logs')!;
    expect(logs.status).toBe('ok');
    expect(logs.truncated.find((t) => t.path === path)).toMatchObject({
      keptLines: 3,
      keptBytes: b.files.get(path)!.length,
    });
    expect(b.manifest.options).toMatchObject({ maxLogLines: 3, maxLogBytes: 1024 });
  });

  it('asks no log of a container that never started', async () => {
    const dir = await setup();
    const server = track(await serveScenario(await imagePullStudio(), dir));
    const out = join(dir, 'c.tar.gz');
    const r = await runCollect(['k8s', '--kubeconfig', server.kubeconfigPath, '-o', out, '-q']);
    expect(r.code).toBe(0);
    const b = await readBundle(out);
    expect([...b.files.keys()].filter((p) => p.includes('scheduler'))).toEqual([]);
    expect(
      json<{ items: Obj[] }>(b, namespacedListPath('pods', ns)).items.some((p) =>
        p.metadata.name.startsWith('datachain-studio-scheduler-'),
      ),
    ).toBe(true);
  });

  it('round-trips: serving the collected bundle and collecting again gives the same objects and logs', async () => {
    const dir = await setup();
    const scenario = await brokenStudioCluster();
    const first = track(await serveScenario(scenario, dir));
    const a = join(dir, 'a.tar.gz');
    expect(
      (await runCollect(['k8s', '--kubeconfig', first.kubeconfigPath, '-o', a, '-q'])).code,
    ).toBe(0);
    const second = track(await startServer({ bundle: a }));
    const b = join(dir, 'b.tar.gz');
    expect(
      (await runCollect(['k8s', '--kubeconfig', second.kubeconfigPath, '-o', b, '-q'])).code,
    ).toBe(0);
    const [ba, bb] = [await readBundle(a), await readBundle(b)];
    const comparable = (bundle: Bundle) =>
      [...bundle.files.keys()]
        .filter((p) => p.startsWith('cluster-resources/') || p.startsWith('cluster-info/'))
        .sort();
    expect(comparable(bb)).toEqual(comparable(ba));
    for (const path of comparable(ba)) {
      if (path.endsWith('.log')) {
        expect(bb.files.get(path)!.equals(ba.files.get(path)!), path).toBe(true);
      } else {
        // List resourceVersions are the serving server's own; the objects must be equal.
        const items = (x: Bundle) => json<{ items?: unknown }>(x, path).items ?? json(x, path);
        expect(items(bb), path).toEqual(items(ba));
      }
    }
    // Secret metadata survives too (names, types, key names; sizes need the values).
    const names = (x: Bundle) =>
      json<SecretMetadataFile>(x, secretsMetadataPath(ns)).items.map((s) => s.name);
    expect(names(bb)).toEqual(names(ba));
  });

  it('gives byte-identical tarballs for two --deterministic runs', async () => {
    const dir = await setup();
    const server = track(await serveScenario(await brokenStudioCluster(), dir));
    const env = { SOURCE_DATE_EPOCH: '1764000000' };
    const args = ['k8s', '--kubeconfig', server.kubeconfigPath, '--deterministic', '-q'];
    const r1 = await runCollect([...args, '-o', join(dir, 'one.tar.gz')], env);
    const r2 = await runCollect([...args, '-o', join(dir, 'two.tar.gz')], env);
    expect([r1.code, r2.code]).toEqual([0, 0]);
    const [one, two] = [
      await readFile(join(dir, 'one.tar.gz')),
      await readFile(join(dir, 'two.tar.gz')),
    ];
    expect(one.equals(two)).toBe(true);
    const b = await readBundle(join(dir, 'one.tar.gz'));
    expect(b.root).toBe('studio-bundle-20251124T160000Z/');
  });
});

describe('studio-collect k8s with faults', () => {
  it('finishes within its deadline, writes a partial bundle, exits 3 and says exactly what is missing', async () => {
    const dir = await setup();
    const { scenario, backendPod } = await healthyStudio();
    // More pods than one page, so the expired continue token hits mid-list.
    scenario.deployment({
      namespace: ns,
      name: 'datachain-studio-runner',
      labels: { 'app.kubernetes.io/name': 'datachain-studio-runner' },
      containers: [{ name: 'runner', image: 'registry.datachain.ai/studio-runner:v2.14.0' }],
      replicas: 520,
      ageSeconds: 3600,
    });
    const stalled = podLogPath(ns, backendPod.metadata.name, 'datachain-studio-backend', false);
    const server = track(
      await serveScenario(scenario, dir, {
        errors: [
          { resource: 'secrets', status: 403 },
          { resource: 'events', namespace: ns, status: 500 },
          { resource: 'configmaps', namespace: ns, status: 429, times: 2, retryAfterSeconds: 0 },
        ],
        resets: [{ resource: 'services', namespace: ns, verb: 'list', times: 2 }],
        logStreams: [
          {
            pod: backendPod.metadata.name,
            container: 'datachain-studio-backend',
            mode: 'stall',
            afterBytes: 60,
          },
        ],
        continueExpiry: { times: 1 },
      }),
    );
    const out = join(dir, 'partial.tar.gz');
    const r = await runCollect([
      'k8s',
      '--kubeconfig',
      server.kubeconfigPath,
      '-o',
      out,
      '--request-timeout',
      '2s',
      '--timeout',
      '90s',
    ]);
    expect(r.code).toBe(3);
    expect(r.ms).toBeLessThan(60_000);
    expect(r.stdout).toMatch(/; partial: .*secrets failed \(secrets: 403\).*see manifest\.json\n$/);
    const b = await readBundle(out);
    expect(validate('manifest', b.manifest)).toEqual([]);

    const problems = b.manifest.collectors
      .filter((c) => c.errors.length > 0)
      .map((c) => ({
        id: c.id,
        status: c.status,
        errors: c.errors.map((e) => ({
          path: e.path,
          resource: e.resource,
          httpStatus: e.httpStatus,
          code: e.code,
        })),
      }));
    expect(problems).toEqual([
      {
        id: 'studio-resources',
        status: 'partial',
        errors: [
          {
            path: namespacedListPath('events', ns),
            resource: 'events',
            httpStatus: 500,
            code: 'InternalError',
          },
        ],
      },
      {
        id: 'pod-logs',
        status: 'partial',
        errors: [{ path: stalled, resource: 'pods/log', httpStatus: undefined, code: 'Timeout' }],
      },
      {
        id: 'secrets',
        status: 'failed',
        errors: [
          {
            path: secretsMetadataPath(ns),
            resource: 'secrets',
            httpStatus: 403,
            code: 'Forbidden',
          },
        ],
      },
      {
        id: 'certificates',
        status: 'partial',
        errors: [
          { path: certificatesPath(ns), resource: 'secrets', httpStatus: 403, code: 'Forbidden' },
        ],
      },
    ]);
    // What is missing is absent; what was retried or restarted is whole.
    expect(b.files.has(namespacedListPath('events', ns))).toBe(false);
    expect(b.files.has(secretsMetadataPath(ns))).toBe(false);
    expect(b.files.get(stalled)!.length).toBe(60);
    expect(json<{ items: Obj[] }>(b, namespacedListPath('pods', ns)).items).toHaveLength(
      scenario.all('Pod').filter((p) => p.metadata.namespace === ns).length,
    );
    expect(json<{ items: Obj[] }>(b, namespacedListPath('configmaps', ns)).items).toHaveLength(1);
    expect(json<{ items: Obj[] }>(b, namespacedListPath('services', ns)).items).toHaveLength(4);
    // The faults did fire, and only GETs were sent.
    const seen = server.requests();
    expect(seen.every((q) => q.method === 'GET')).toBe(true);
    const fired = (status: number, path: string) =>
      seen.filter((q) => q.status === status && q.path.startsWith(path)).length;
    // One continue token expires: the Studio pod list's or the cluster-wide one's (allocations).
    expect(fired(410, `/api/v1/namespaces/${ns}/pods?`) + fired(410, '/api/v1/pods?')).toBe(1);
    expect(fired(429, `/api/v1/namespaces/${ns}/configmaps`)).toBe(2);
    expect(fired(500, `/api/v1/namespaces/${ns}/events`)).toBe(4);
    expect(fired(403, `/api/v1/namespaces/${ns}/secrets`)).toBe(1);
    expect(json<CertificatesFile>(b, certificatesPath(ns)).references?.[0]).toEqual({
      ingress: 'datachain-studio-ingress',
      hosts: ['studio.example.com'],
      secretName: 'datachain-studio-tls',
    });
  });

  it('ends at the overall deadline with what it has', async () => {
    const dir = await setup();
    const { scenario } = await healthyStudio();
    const server = track(await serveScenario(scenario, dir, { latencyMs: 400 }));
    const out = join(dir, 'late.tar.gz');
    const r = await runCollect([
      'k8s',
      '--kubeconfig',
      server.kubeconfigPath,
      '-o',
      out,
      '--timeout',
      '2s',
      '-q',
    ]);
    expect(r.code).toBe(3);
    expect(r.ms).toBeLessThan(15_000);
    const b = await readBundle(out);
    const messages = b.manifest.collectors.flatMap((c) => c.errors.map((e) => e.message));
    expect(messages).toContain('collection deadline reached (--timeout 2s)');
  });
});

describe('studio-collect k8s progress', () => {
  it('draws progress on a terminal (a real pty, via script(1)) and clears it before the summary', async () => {
    const dir = await setup();
    const server = track(await serveScenario(await brokenStudioCluster(), dir, { latencyMs: 150 }));
    const out = join(dir, 'tty.tar.gz');
    const command = [
      process.execPath,
      collectBin,
      'k8s',
      '--kubeconfig',
      server.kubeconfigPath,
      '-o',
      out,
    ]
      .map((a) => `'${a}'`)
      .join(' ');
    const text = await new Promise<string>((resolve) => {
      execFile('script', ['-qec', command, '/dev/null'], { timeout: 60_000 }, (_e, stdout) =>
        resolve(stdout),
      );
    });
    // "\r ESC[K" (carriage return, erase line) redraws the one progress line in place.
    const redraw = '\r\u001b[K';
    const frames = text.split(redraw);
    expect(
      frames.some((f) =>
        new RegExp(
          `^collecting: \\d+/${k8sCollectors.length} collectors, \\d+ requests, [\\d.]+ (B|KB|MB) received, [\\d.]+s$`,
        ).test(f),
      ),
    ).toBe(true);
    expect(frames.at(-1)).toMatch(/^studio-collect: wrote .*tty\.tar\.gz .*; complete\r?\n$/);
  });
});

describe('studio-collect k8s interrupted', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s removes the staging directory and the partial tarball, exit %d',
    async (signal, code) => {
      const dir = await setup();
      const server = track(
        await serveScenario(await brokenStudioCluster(), dir, { latencyMs: 300 }),
      );
      const tmp = join(dir, 'tmp');
      const outDir = join(dir, 'out');
      await mkdir(tmp);
      await mkdir(outDir);
      const child = spawn(
        process.execPath,
        [collectBin, 'k8s', '--kubeconfig', server.kubeconfigPath, '--output-dir', outDir],
        {
          env: { PATH: process.env.PATH, HOME: '/nonexistent', TMPDIR: tmp },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      // Wait until collection is under way (its staging directory exists), then interrupt.
      for (let i = 0; i < 100 && (await readdir(tmp)).length === 0; i++) await sleep(50);
      expect(await readdir(tmp)).toHaveLength(1);
      child.kill(signal);
      const exit = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(exit).toBe(code);
      expect(stderr).toBe(`studio-collect: interrupted by ${signal}; no bundle written\n`);
      expect(await readdir(tmp)).toEqual([]);
      expect(await readdir(outDir)).toEqual([]);
    },
  );
});

describe('studio-collect k8s: one clear line and exit 2 when there is no cluster to collect', () => {
  async function expectOneLine(args: string[], env: NodeJS.ProcessEnv, line: RegExp, dir: string) {
    const r = await runCollect([...args, '--output-dir', dir], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^studio-collect: [^\n]+\n$/);
    expect(r.stderr).toMatch(line);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tar.gz'))).toEqual([]);
  }

  it('no kubeconfig anywhere', async () => {
    const dir = await setup();
    await expectOneLine(
      ['k8s'],
      { HOME: join(dir, 'home') },
      /no Kubernetes configuration found: --kubeconfig not given, KUBECONFIG not set, .*\.kube\/config does not exist, and not running in a cluster/,
      dir,
    );
  });

  it('an unreachable server, an untrusted certificate, a rejected token', async () => {
    const dir = await setup();
    const server = track(await serveScenario(await brokenStudioCluster(), dir));
    const config = await readFile(server.kubeconfigPath, 'utf8');
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const variant = async (name: string, text: string) => {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    };
    const unreachable = await variant(
      'unreachable',
      config.replace(server.url, `https://127.0.0.1:${port}`),
    );
    await expectOneLine(
      ['k8s', '--kubeconfig', unreachable],
      {},
      /cannot reach the Kubernetes API server https:\/\/127\.0\.0\.1:\d+ .*ECONNREFUSED/,
      dir,
    );

    const other = track(await serveScenario(await brokenStudioCluster(), join(dir, 'other')));
    const otherCa = /certificate-authority-data: (\S+)/.exec(
      await readFile(other.kubeconfigPath, 'utf8'),
    )![1]!;
    const untrusted = await variant(
      'untrusted',
      config.replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${otherCa}`),
    );
    await expectOneLine(
      ['k8s', '--kubeconfig', untrusted],
      {},
      /presented a certificate that is not trusted/,
      dir,
    );

    const expired = await variant('expired', config.replace(server.token, 'expired-token'));
    await expectOneLine(
      ['k8s', '--kubeconfig', expired],
      {},
      /rejected the credentials .*\(401 Unauthorized\): the token has expired or is not valid/,
      dir,
    );
  });
});
