import { execFile } from 'node:child_process';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '@studio-support/analyzer';
import { buildScenarioPath, createHostFixture } from '@studio-support/collector/testing';
import type { Report } from '@studio-support/schema';
import type { ClusterDemo, Demo, HostDemo } from './scenarios.js';

/** The real CLIs, built (packages/e2e/dist/demo → packages/<tool>/bin). */
const bin = (tool: string): string =>
  fileURLToPath(
    new URL(
      `../../../${tool}/bin/${tool === 'collector' ? 'studio-collect' : 'studio-analyze'}.js`,
      import.meta.url,
    ),
  );
export const collectBin = bin('collector');
export const analyzeBin = bin('analyzer');

/** Each step's deadline: the whole demo takes seconds, a hung step must not hang it. */
const stepTimeoutMs = 60_000;

export interface DemoOptions {
  /** Where the bundle and the reports go (created). */
  out: string;
  /** VM scenarios: collect with --local instead of through the local sshd. */
  local?: boolean;
  /** Progress lines (the command lines run and what they print). */
  log?: (line: string) => void;
}

export interface DemoResult {
  bundle: string;
  html: string;
  markdown: string;
  verdict: Report['verdict'];
  /** The best cause the analyzer named. */
  cause?: string;
  /** How the VM was reached (host scenarios). */
  via?: 'ssh' | 'local';
  /** The analyzer concluded what the scenario expects. */
  ok: boolean;
}

interface Step {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<Step> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env, timeout: stepTimeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** A command line as it would be typed, for the progress lines. */
const shown = (args: string[]): string =>
  args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

class DemoError extends Error {}

/** Runs one tool, showing its command line and output; a failure ends the demo in one line. */
async function tool(
  name: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  okCodes: number[],
): Promise<Step> {
  log(`$ ${name} ${shown(args)}`);
  const r = await run([script, ...args], env);
  for (const line of `${r.stdout}${r.stderr}`.trimEnd().split('\n')) if (line) log(`  ${line}`);
  if (!okCodes.includes(r.code)) {
    throw new DemoError(`${name} exited with ${r.code === -1 ? 'a timeout or signal' : r.code}`);
  }
  return r;
}

/** Collects a served scenario with the real `studio-collect k8s`, through its kubeconfig. */
async function collectCluster(
  demo: ClusterDemo,
  bundle: string,
  options: DemoOptions,
  log: (line: string) => void,
): Promise<void> {
  const tree = join(options.out, 'scenario');
  await (await demo.build(new Date())).write(tree);
  const server = await startServer({ bundle: tree });
  try {
    log(
      `Serving the scenario as a read-only Kubernetes API at ${server.url} (studio-analyze serve)`,
    );
    await tool(
      'studio-collect',
      collectBin,
      ['k8s', '--kubeconfig', server.kubeconfigPath, '-o', bundle],
      { PATH: process.env.PATH, HOME: options.out },
      log,
      [0, 3],
    );
  } finally {
    await server.close();
    log('Server stopped.');
  }
}

/** Can this machine run the VM over a real sshd (a throwaway user needs root)? */
async function sshdAvailable(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  for (const p of ['/usr/sbin/sshd', '/usr/sbin/nginx', '/usr/sbin/useradd']) {
    if (!(await exists(p))) return false;
  }
  return true;
}

/**
 * Collects the VM scenario with the real `studio-collect host`: over SSH to a real sshd on
 * loopback (a throwaway user and key, nginx with its upstream down, the scenario's
 * systemctl/journalctl/docker on the user's PATH), or with --local on this machine.
 */
async function collectHost(
  demo: HostDemo,
  bundle: string,
  options: DemoOptions,
  log: (line: string) => void,
): Promise<'ssh' | 'local'> {
  if (!options.local && (await sshdAvailable())) {
    const fx = await createHostFixture();
    try {
      const path = await fx.scenario(demo.host);
      const sshd = await fx.sshd(path.path);
      await fx.sudo(path.path, { password: false });
      log(
        `A VM on loopback: sshd on port ${sshd.port}, user ${fx.user.name}, nginx with its upstream down`,
      );
      await tool(
        'studio-collect',
        collectBin,
        [
          'host',
          `${fx.user.name}@127.0.0.1`,
          '-p',
          String(sshd.port),
          '-i',
          fx.key.privateKey,
          '--known-hosts',
          await fx.knownHosts(sshd),
          '--sudo',
          '--nginx-conf',
          fx.nginx.confPath,
          '--health-url',
          fx.downUrl,
          '-o',
          bundle,
        ],
        { PATH: process.env.PATH, HOME: fx.home },
        log,
        [0, 3],
      );
    } finally {
      await fx.cleanup();
    }
    return 'ssh';
  }
  if (!options.local)
    log('No local sshd to use (needs root, sshd, nginx, useradd): collecting with --local.');
  const base = join(options.out, 'vm');
  await mkdir(base, { recursive: true });
  const path = await buildScenarioPath(base, demo.host);
  try {
    log(`This machine as the VM, its systemctl/journalctl/docker from the scenario: ${path.dir}`);
    await tool(
      'studio-collect',
      collectBin,
      ['host', '--local', '-o', bundle],
      { PATH: path.path, HOME: base },
      log,
      [0, 3],
    );
  } finally {
    await path.stopHanging();
  }
  return 'local';
}

/**
 * The demo: collect a built-in scenario with the real studio-collect, analyze the bundle
 * with the real studio-analyze, and say whether it named the scenario's cause.
 */
export async function runDemo(demo: Demo, options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? (() => undefined);
  await mkdir(options.out, { recursive: true });
  const bundle = join(options.out, 'studio-bundle.tar.gz');
  const via =
    demo.target === 'kubernetes'
      ? (await collectCluster(demo, bundle, options, log), undefined)
      : await collectHost(demo, bundle, options, log);
  const reports = join(options.out, 'report');
  const analyzed = await tool(
    'studio-analyze',
    analyzeBin,
    [bundle, '--out', reports],
    { PATH: process.env.PATH, HOME: options.out },
    log,
    [0],
  );
  // Its first line is the verdict: "cause-found: <cause> — <summary>".
  const m = /^(cause-found|no-cause-found|healthy)(?:: ([a-z0-9-]+))? — /.exec(analyzed.stdout);
  if (!m)
    throw new DemoError(
      `studio-analyze printed no verdict line: ${analyzed.stdout.split('\n')[0]}`,
    );
  const verdict = m[1] as Report['verdict'];
  const cause = m[2];
  return {
    bundle,
    html: join(reports, 'report.html'),
    markdown: join(reports, 'report.md'),
    verdict,
    ...(cause ? { cause } : {}),
    ...(via ? { via } : {}),
    ok: verdict === demo.expect.verdict && cause === demo.expect.cause,
  };
}

export { DemoError };
