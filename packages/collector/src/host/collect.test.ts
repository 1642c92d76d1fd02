import { appendFile, mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  hostCertificatesPath,
  hostCommandOutputPath,
  hostCommandResultPath,
  hostFilePath,
  validate,
} from '@studio-support/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, type ReadBundle } from '../testing/bundle-reader.js';
import { createHostFixture, type HostFixture } from '../testing/host-fixture.js';
import type { Scenario, ScenarioPath } from '../testing/scenario-path.js';
import type { Sshd } from '../testing/sshd.js';
import { waitFor } from '../testing/system.js';
import { collectHost, type HostCommandOptions } from './collect.js';
import { HostAccessError } from './errors.js';

let fx: HostFixture;
let out: string;
beforeAll(async () => {
  fx = await createHostFixture();
  out = await mkdtemp(join(tmpdir(), 'collect-test-'));
  // Real 502s: nginx logs a genuine connect() failure for each.
  for (const path of ['/api/health', '/api/teams']) expect(await fx.nginx.request(path)).toBe(502);
}, 60_000);
afterAll(async () => {
  await fx?.cleanup();
  await rm(out, { recursive: true, force: true });
}, 60_000);

const commandIds = [
  'systemctl-status-datachain-studio',
  'systemctl-cat-datachain-studio',
  'journalctl-datachain-studio',
  'journalctl-docker',
  'journalctl-kernel',
  'docker-ps',
  'docker-inspect',
  'docker-logs-datachain-studio-backend',
  'docker-logs-datachain-studio-frontend',
  'docker-logs-datachain-studio-worker',
  'nginx-t',
  'df',
  'free',
  'uptime',
  'curl-health',
  'curl-health-ready',
  'curl-health-live',
];

let n = 0;
interface Run {
  scenario: ScenarioPath;
  sshd: Sshd;
  options: HostCommandOptions;
}

/** A scenario behind its own sshd, and the options to collect from it over SSH. */
async function overSsh(name: Scenario, sudo: 'none' | 'nopasswd' | 'password'): Promise<Run> {
  const scenario = await fx.scenario(name);
  const sshd = await fx.sshd(scenario.path);
  if (sudo !== 'none') await fx.sudo(scenario.path, { password: sudo === 'password' });
  return {
    scenario,
    sshd,
    options: {
      target: `${fx.user.name}@127.0.0.1`,
      port: sshd.port,
      identities: [fx.key.privateKey],
      knownHosts: await fx.knownHosts(sshd),
      sudo: sudo !== 'none',
      out: join(out, `bundle-${++n}.tar.gz`),
      nginxConf: fx.nginx.confPath,
      healthUrl: name === 'healthy' ? fx.healthUrl : fx.downUrl,
      env: { HOME: fx.home },
    },
  };
}

async function collect(options: HostCommandOptions): Promise<{ code: number; bundle: ReadBundle }> {
  const result = await collectHost(options);
  return { code: result.code, bundle: await readBundle(result.written.path) };
}

const out_ = (id: string): string => hostCommandOutputPath(id);
const res = (id: string): string => hostCommandResultPath(id);

/** Every secret the fixture planted: none may appear anywhere in a bundle. */
async function expectNoSecrets(bundle: ReadBundle): Promise<void> {
  const key = await readFile(join(fx.nginx.confDir, 'ssl', 'studio.key'), 'utf8');
  const keyBody = key.split('\n')[1]!;
  const secrets = [fx.nginx.secretToken, 'pg-canary-Secr3t', 'redis-canary-Secr3t', keyBody];
  for (const [path, data] of bundle.files) {
    for (const secret of secrets) expect(data.includes(secret), `${secret} in ${path}`).toBe(false);
  }
}

let sshPaths: string[] = [];

describe('studio-collect host over SSH (real sshd, real nginx, scenario PATHs)', () => {
  it('healthy, with passwordless --sudo: the whole checklist, complete (exit 0)', async () => {
    const { options, sshd } = await overSsh('healthy', 'nopasswd');
    const { code, bundle } = await collect(options);
    expect(code).toBe(0);
    const m = bundle.manifest;
    expect(m.target).toEqual({
      kind: 'host',
      address: `${fx.user.name}@127.0.0.1:${sshd.port}`,
      hostname: (await readFile('/proc/sys/kernel/hostname', 'utf8')).trim(),
      via: 'ssh',
      sudo: true,
    });
    expect(m.collectors.map((c) => [c.id, c.status])).toEqual([
      ['host-systemd', 'ok'],
      ['host-journal', 'ok'],
      ['host-docker', 'ok'],
      ['host-nginx', 'ok'],
      ['host-certificates', 'ok'],
      ['host-resources', 'ok'],
      ['host-health', 'ok'],
    ]);
    for (const id of commandIds) {
      const result = bundle.command(res(id));
      expect(result, id).toMatchObject({ id, missing: false, timedOut: false });
      expect(bundle.files.has(out_(id)), id).toBe(true);
    }
    // Every written file is one some collector owns up to, and the other way round.
    const recorded = m.collectors.flatMap((c) => c.files).sort();
    expect(recorded).toEqual([...bundle.files.keys()].filter((p) => p.startsWith('host/')).sort());
    sshPaths = recorded.filter((p) => p.startsWith('host/commands/'));

    expect(bundle.text(out_('systemctl-status-datachain-studio'))).toContain(
      'Active: active (running)',
    );
    expect(bundle.text(out_('docker-logs-datachain-studio-backend'))).toContain(
      'Starting gunicorn 20.1.0',
    );
    expect(bundle.text(out_('curl-health'))).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(bundle.text(out_('nginx-t'))).toContain('syntax is ok');
    // nginx's logs, read through sudo (the log dir is root-only): genuine upstream failures.
    const errorLog = bundle.text(hostFilePath(fx.nginx.errorLog));
    expect(errorLog).toMatch(
      /\[error\] \d+#\d+: \*\d+ connect\(\) failed \(111: Connection refused\) while connecting to upstream, client: 127\.0\.0\.1, server: studio\.example\.com, request: "GET \/api\/teams HTTP\/1\.1"/,
    );
    expect(bundle.text(hostFilePath(fx.nginx.accessLog))).toMatch(
      /"GET \/api\/teams HTTP\/1\.1" 502 /,
    );
    // The configuration, secrets redacted (a bearer token); the private key in ssl/ is left out.
    expect(bundle.text(hostFilePath(join(fx.nginx.confDir, 'conf.d', 'studio.conf')))).toContain(
      'proxy_set_header Authorization "Bearer ***";',
    );
    // Private keys are never copied, not even redacted.
    expect(bundle.files.has(hostFilePath(join(fx.nginx.confDir, 'ssl', 'studio.key')))).toBe(false);
    expect(bundle.text(out_('docker-inspect'))).toContain(
      '"DATABASE_URL=postgresql://studio:***@db:5432/studio"',
    );
    await expectNoSecrets(bundle);
    expect(m.redaction.counts).toMatchObject({
      'bearer-token': 1,
      'connection-string-password': 1,
    });

    const certs = JSON.parse(bundle.text(hostCertificatesPath)) as unknown;
    expect(validate('certificates', certs)).toEqual([]);
    expect(certs).toMatchObject({
      items: [
        {
          subject: 'CN=studio.example.com',
          issuer: 'CN=Studio Test CA',
          chainPosition: 0,
          isCA: false,
          sans: ['DNS:studio.example.com', 'DNS:localhost'],
          hosts: ['localhost', 'studio.example.com'],
        },
        { subject: 'CN=Studio Test CA', chainPosition: 1, isCA: true },
      ],
      references: [
        { file: fx.nginx.certificate, hosts: ['localhost', 'studio.example.com'], found: true },
      ],
    });
  });

  it('unit failed: systemctl says so (exit 3 is evidence, not a failure); no containers, backend down', async () => {
    const { options } = await overSsh('unit-failed', 'nopasswd');
    const { code, bundle } = await collect(options);
    expect(code).toBe(0);
    expect(bundle.command(res('systemctl-status-datachain-studio'))).toMatchObject({
      exitCode: 3,
      missing: false,
    });
    expect(bundle.text(out_('systemctl-status-datachain-studio'))).toContain(
      'Active: failed (Result: exit-code)',
    );
    expect(bundle.text(out_('journalctl-datachain-studio'))).toContain(
      "Failed with result 'exit-code'.",
    );
    expect(bundle.files.has(res('docker-inspect'))).toBe(false);
    // Real curl against a port nothing listens on.
    expect(bundle.command(res('curl-health'))).toMatchObject({ exitCode: 7 });
    expect(bundle.command(res('curl-health')).stderr).toMatch(
      /^curl: \(7\) Failed to connect to 127\.0\.0\.1 port \d+/,
    );
  });

  it('container exited: docker ps shows it, its log (stderr) holds the traceback, the kernel an OOM kill', async () => {
    const { options } = await overSsh('container-exited', 'nopasswd');
    const { code, bundle } = await collect(options);
    expect(code).toBe(0);
    expect(bundle.text(out_('docker-ps'))).toMatch(
      /Exited \(3\) 4 minutes ago\s+datachain-studio-backend/,
    );
    const log = bundle.text(out_('docker-logs-datachain-studio-backend'));
    expect(log).toContain(
      'psycopg2.OperationalError: connection to server at "127.0.0.1", port 5432 failed: Connection refused',
    );
    expect(log).toContain('[INFO] Reason: Worker failed to boot.');
    expect(bundle.text(out_('journalctl-kernel'))).toContain(
      'Out of memory: Killed process 2412 (gunicorn)',
    );
  });

  it('docker daemon down: the real Docker CLI error is recorded, nothing to inspect', async () => {
    const { options } = await overSsh('docker-down', 'nopasswd');
    const { code, bundle } = await collect(options);
    expect(code).toBe(0);
    const ps = bundle.command(res('docker-ps'));
    expect(ps).toMatchObject({ exitCode: 1, missing: false, stdoutBytes: 0 });
    expect(ps.stderr).toContain(
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
    expect(bundle.files.has(res('docker-inspect'))).toBe(false);
    expect(bundle.text(out_('journalctl-docker'))).toContain(
      'Stopped docker.service - Docker Application Container Engine.',
    );
  });

  it('programs absent: recorded as missing (no empty output), and the bundle is partial (exit 3)', async () => {
    const { options } = await overSsh('absent', 'nopasswd');
    const { code, bundle } = await collect(options);
    expect(code).toBe(3);
    const absent = [
      'systemctl-status-datachain-studio',
      'systemctl-cat-datachain-studio',
      'journalctl-datachain-studio',
      'journalctl-docker',
      'journalctl-kernel',
      'docker-ps',
    ];
    for (const id of absent) {
      expect(bundle.command(res(id)), id).toMatchObject({ missing: true, exitCode: 1 });
      expect(bundle.command(res(id)).stderr).toMatch(/^sudo: \S+: command not found/);
      expect(bundle.files.has(out_(id)), id).toBe(false);
    }
    const errors = bundle.manifest.collectors.flatMap((c) => c.errors);
    expect(
      errors
        .filter((e) => e.code === 'ProgramMissing')
        .map((e) => e.path)
        .sort(),
    ).toEqual(absent.map(out_).sort());
    expect(errors.find((e) => e.path === out_('docker-ps'))?.message).toBe(
      'docker: not installed on the host (sudo: command not found); docker ps -a was not run',
    );
    const status = Object.fromEntries(bundle.manifest.collectors.map((c) => [c.id, c.status]));
    expect(status).toMatchObject({
      'host-systemd': 'partial',
      'host-docker': 'partial',
      'host-nginx': 'ok',
    });
  });

  it('without --sudo, a root-only log is reported unreadable with the hint, not silently skipped', async () => {
    const { options } = await overSsh('healthy', 'none');
    const { code, bundle } = await collect(options);
    expect(code).toBe(3);
    const nginx = bundle.manifest.collectors.find((c) => c.id === 'host-nginx')!;
    expect(nginx.status).toBe('partial');
    expect(nginx.errors).toContainEqual({
      message: `${fx.nginx.errorLog}: cannot read it: stat: cannot statx '${fx.nginx.errorLog}': Permission denied (collect with --sudo)`,
      code: 'PermissionDenied',
      path: hostFilePath(fx.nginx.errorLog),
    });
    expect(bundle.files.has(hostFilePath(fx.nginx.errorLog))).toBe(false);
  });

  it('--sudo that wants a password stops before collecting, with one clear line', async () => {
    const { options } = await overSsh('healthy', 'password');
    const error = await collectHost(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostAccessError);
    expect((error as Error).message).toBe(
      `--sudo on ${fx.user.name}@127.0.0.1:${options.port}: sudo wants a password (sudo: a password is required); expected passwordless sudo (NOPASSWD) for this user, or run without --sudo`,
    );
  });

  it('a hanging command is cut at its deadline, killed on the host, and recorded', async () => {
    const { options, scenario } = await overSsh('healthy', 'nopasswd');
    await scenario.hang('journalctl -k --no-pager -n 5000');
    const started = Date.now();
    const { code, bundle } = await collect({ ...options, commandTimeoutSeconds: 2 });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(code).toBe(3);
    expect(bundle.command(res('journalctl-kernel'))).toMatchObject({
      timedOut: true,
      exitCode: null,
      signal: 'SIGTERM',
    });
    const journal = bundle.manifest.collectors.find((c) => c.id === 'host-journal')!;
    expect(journal.errors).toEqual([
      {
        message:
          'journalctl -k --no-pager -n 5000: timed out after 2s and was killed; the output up to then is kept',
        code: 'Timeout',
        path: out_('journalctl-kernel'),
        resource: 'journalctl-kernel',
      },
    ]);
    // The rest of the checklist went on.
    expect(bundle.command(res('docker-ps')).exitCode).toBe(0);
    // sudo relayed the TERM: the script's sleep is gone from the host.
    const pid = Number(await readFile(join(scenario.dir, 'hanging'), 'utf8'));
    await waitFor('the hung command to end', async () => {
      const alive = await readFile(`/proc/${pid}/status`, 'utf8').then(
        () => true,
        () => false,
      );
      return alive ? undefined : true;
    });
  });

  it('a connection dropped mid-run still writes a partial bundle that says what is missing', async () => {
    const { options, scenario, sshd } = await overSsh('healthy', 'none');
    await scenario.hang('docker ps -a');
    const collecting = collect(options);
    await waitFor('docker ps to hang', async () => ((await scenario.hanging()) ? true : undefined));
    expect(await sshd.killSessions()).toBeGreaterThan(0);
    const { code, bundle } = await collecting;
    expect(code).toBe(3);
    const errors = bundle.manifest.collectors.flatMap((c) => c.errors);
    expect(errors).toContainEqual(
      expect.objectContaining({
        code: 'ConnectionLost',
        path: out_('docker-ps'),
        resource: 'docker-ps',
      }),
    );
    // What came after never ran, and each says so.
    const health = bundle.manifest.collectors.find((c) => c.id === 'host-health')!;
    expect(health.status).toBe('failed');
    expect(health.errors.map((e) => e.path).sort()).toEqual(
      ['curl-health', 'curl-health-live', 'curl-health-ready'].map(out_).sort(),
    );
    expect(health.errors[0]!.message).toMatch(/^curl -sS -i .*: not collected: connection lost: /);
  });

  it('a 1 GB log yields a capped tail, read from its end only, with flat memory', async () => {
    const dir = join(fx.base, 'big-nginx');
    await mkdir(dir, { recursive: true });
    const log = join(dir, 'error.log');
    // Sparse: 1 GiB of holes, then genuine error lines from the running nginx.
    const fh = await open(log, 'w');
    await fh.truncate(1 << 30);
    await fh.close();
    const lines = (await readFile(fx.nginx.errorLog, 'utf8')).trim().split('\n').slice(-3);
    // The hole stands for earlier lines: end it with a newline, as a log's lines end.
    await appendFile(log, '\n' + lines.join('\n') + '\n');
    const conf = join(dir, 'nginx.conf');
    await writeFile(conf, `error_log ${log};\nevents {}\n`);

    const { options } = await overSsh('healthy', 'none');
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const { bundle } = await collect({ ...options, nginxConf: conf }).finally(() =>
      clearInterval(sampler),
    );
    const tail = bundle.files.get(hostFilePath(log))!;
    expect(tail.length).toBeLessThanOrEqual(10 << 20);
    expect(tail.toString('utf8').endsWith(lines.join('\n') + '\n')).toBe(true);
    const nginx = bundle.manifest.collectors.find((c) => c.id === 'host-nginx')!;
    const size = (1 << 30) + Buffer.byteLength('\n' + lines.join('\n') + '\n');
    expect(nginx.truncated).toEqual([
      expect.objectContaining({
        path: hostFilePath(log),
        keptBytes: tail.length,
        droppedBytes: size - tail.length,
      }),
    ]);
    expect(peak - baseline).toBeLessThan(100 << 20);
  });

  it('--local collects the same commands without SSH', async () => {
    const scenario = await fx.scenario('healthy');
    const { code, bundle } = await collect({
      local: true,
      out: join(out, `bundle-${++n}.tar.gz`),
      nginxConf: fx.nginx.confPath,
      healthUrl: fx.healthUrl,
      env: { ...process.env, PATH: scenario.path, HOME: fx.home },
    });
    expect(code).toBe(0);
    expect(bundle.manifest.target).toMatchObject({
      kind: 'host',
      address: 'localhost',
      via: 'local',
      sudo: false,
    });
    const paths = bundle.manifest.collectors
      .flatMap((c) => c.files)
      .filter((p) => p.startsWith('host/commands/'));
    expect(paths.sort()).toEqual(sshPaths);
    expect(bundle.text(hostFilePath(fx.nginx.errorLog))).toContain(
      'connect() failed (111: Connection refused)',
    );
    await expectNoSecrets(bundle);
  });

  it('--deterministic: times from SOURCE_DATE_EPOCH, every duration 0', async () => {
    const scenario = await fx.scenario('unit-failed');
    const { bundle } = await collect({
      local: true,
      deterministic: true,
      out: join(out, `bundle-${++n}.tar.gz`),
      nginxConf: fx.nginx.confPath,
      healthUrl: fx.downUrl,
      env: { ...process.env, PATH: scenario.path, HOME: fx.home, SOURCE_DATE_EPOCH: '1795600000' },
    });
    expect(bundle.root).toBe('studio-bundle-20261125T094640Z');
    expect(bundle.manifest).toMatchObject({
      collectedAt: '2026-11-25T09:46:40.000Z',
      deterministic: true,
    });
    for (const run of bundle.manifest.collectors) expect(run.durationMs, run.id).toBe(0);
    for (const path of bundle.files.keys()) {
      if (path.startsWith('host/commands/') && path.endsWith('.json')) {
        expect(bundle.command(path).durationMs, path).toBe(0);
      }
    }
  });
});
