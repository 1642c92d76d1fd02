import { rm } from 'node:fs/promises';
import type { KubernetesTarget } from '@studio-support/schema';
import type { Argv } from 'yargs';
import {
  bundleOutputPath,
  deterministicClock,
  finalizeBundle,
  onInterrupt,
  runCollectors,
  Staging,
  systemClock,
} from '../bundle/index.js';
import { K8sEnv, k8sCollectors } from '../collectors/k8s/index.js';
import { KubeClient } from '../k8s/client.js';
import { formatDuration, parseDuration } from '../k8s/duration.js';
import { firstContact } from '../k8s/first-contact.js';
import { ConfigError, resolveConnection } from '../k8s/kubeconfig.js';
import { Progress, formatBytes, partialSummary } from '../k8s/progress.js';
import { PrometheusUrlError, prometheusTarget } from '../prometheus/client.js';
import { Redactor } from '../redact/index.js';

/** `studio-collect k8s` flags, kubectl-like; read by their kebab names. */
export function k8sOptions<T>(y: Argv<T>) {
  return y
    .option('kubeconfig', {
      type: 'string',
      describe: 'kubeconfig file [default: $KUBECONFIG, ~/.kube/config, in-cluster]',
    })
    .option('context', { type: 'string', describe: 'kubeconfig context [default: current]' })
    .option('namespace', {
      alias: 'n',
      type: 'string',
      default: 'datachain-studio',
      describe: 'the Studio namespace',
    })
    .option('output', { alias: 'o', type: 'string', describe: 'write the bundle to this file' })
    .option('output-dir', {
      type: 'string',
      describe: 'write studio-bundle-<time>.tar.gz into this directory [default: .]',
    })
    .conflicts('output', 'output-dir')
    .option('since', { type: 'string', describe: 'only log lines newer than this, e.g. 2h' })
    .option('max-log-lines', {
      type: 'number',
      default: 10_000,
      describe: 'per container log: newest lines kept',
    })
    .option('max-log-bytes', {
      type: 'string',
      default: '5MB',
      describe: 'per container log: newest bytes kept (e.g. 5MB, 512KB, 100000)',
    })
    .option('concurrency', {
      type: 'number',
      default: 8,
      describe: 'API requests in flight at once',
    })
    .option('timeout', {
      type: 'string',
      default: '10m',
      describe: 'overall deadline; then the bundle is written with what was collected',
    })
    .option('request-timeout', {
      type: 'string',
      default: '30s',
      describe: 'deadline of one request; the longest a log stream may stay silent',
    })
    .option('probe-health', {
      type: 'boolean',
      default: false,
      describe: 'GET /health, /health/ready, /health/live on port 8000 of backend pods',
    })
    .option('exec-checks', {
      type: 'boolean',
      default: false,
      describe:
        "run the guide's checks inside one backend and one frontend pod (pods/exec; see docs/collecting.md for exactly what runs)",
    })
    .option('exec-timeout', {
      type: 'string',
      default: '20s',
      describe: 'deadline of one in-pod check',
    })
    .option('prometheus', {
      type: 'string',
      describe:
        "a Prometheus to ask for the guide's 502 alerts (e.g. http://localhost:9090 after kubectl port-forward)",
    })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print nothing' })
    .option('deterministic', {
      type: 'boolean',
      default: false,
      describe: 'times from SOURCE_DATE_EPOCH, durations 0: byte-identical bundles',
    });
}

export type K8sArgs = Awaited<ReturnType<typeof k8sOptions>['argv']>;

/**
 * Collects the cluster into a bundle and returns the exit code: 0 complete, 3 partial (the
 * manifest says what is missing and why). Configuration problems, an unreachable or
 * untrusted server and rejected credentials throw ConfigError: one line, exit 2, no bundle.
 */
export async function runK8s(args: K8sArgs): Promise<number> {
  const a = args as Record<string, unknown>;
  const settings = {
    namespace: String(a.namespace),
    maxLogLines: positiveInt('--max-log-lines', a['max-log-lines']),
    maxLogBytes: parseSize('--max-log-bytes', String(a['max-log-bytes'])),
    concurrency: positiveInt('--concurrency', a.concurrency),
    timeoutMs: parseDuration('--timeout', String(a.timeout)),
    requestTimeoutMs: parseDuration('--request-timeout', String(a['request-timeout'])),
    sinceMs: a.since === undefined ? undefined : parseDuration('--since', String(a.since)),
    probeHealth: a['probe-health'] === true,
    execChecks: a['exec-checks'] === true,
    execTimeoutMs: parseDuration('--exec-timeout', String(a['exec-timeout'])),
    prometheusUrl: a.prometheus === undefined ? undefined : prometheusUrl(String(a.prometheus)),
  };
  const quiet = a.quiet === true;
  const clock = a.deterministic === true ? deterministicClock() : systemClock();
  const start = performance.now();
  const collectedAt = clock.now();
  const outFile = bundleOutputPath(
    collectedAt,
    a.output as string | undefined,
    a['output-dir'] as string | undefined,
  );

  const connection = await resolveConnection({
    ...(a.kubeconfig !== undefined ? { kubeconfig: String(a.kubeconfig) } : {}),
    ...(a.context !== undefined ? { context: String(a.context) } : {}),
  });
  const abort = new AbortController();
  const deadline = setTimeout(
    () =>
      abort.abort(
        new Error(`collection deadline reached (--timeout ${formatDuration(settings.timeoutMs)})`),
      ),
    settings.timeoutMs,
  );
  // Never the reason the process stays alive (an exec plugin failing below, say).
  deadline.unref();
  const client = await KubeClient.create({
    connection,
    concurrency: settings.concurrency,
    requestTimeoutMs: settings.requestTimeoutMs,
    signal: abort.signal,
  });
  let staging: Staging | undefined;
  let removeHandlers = (): void => undefined;
  const progress = new Progress(process.stderr, !quiet && process.stderr.isTTY === true, client);
  // On SIGINT/SIGTERM the handler removes everything and exits; the collection that unwinds
  // meanwhile must neither finalize nor report, so it waits here for that exit.
  let interrupted = false;
  const untilExit = (): Promise<never> => new Promise<never>(() => undefined);
  try {
    const first = await firstContact(client);
    staging = await Staging.create(new Redactor());
    const stagingDir = staging;
    removeHandlers = onInterrupt(abort, async () => {
      interrupted = true;
      progress.stop();
      await stagingDir.remove();
      await rm(`${outFile}.partial-${process.pid}`, { force: true });
    });
    const env = new K8sEnv(
      client,
      {
        namespace: settings.namespace,
        maxLogLines: settings.maxLogLines,
        maxLogBytes: settings.maxLogBytes,
        ...(settings.sinceMs !== undefined
          ? { sinceSeconds: Math.max(1, Math.round(settings.sinceMs / 1000)) }
          : {}),
        concurrency: settings.concurrency,
        probeHealth: settings.probeHealth,
        execChecks: settings.execChecks,
        execTimeoutMs: settings.execTimeoutMs,
        ...(settings.prometheusUrl !== undefined ? { prometheusUrl: settings.prometheusUrl } : {}),
      },
      clock,
      first,
    );
    progress.start(k8sCollectors.length);
    // Every collector starts at once: the client's limiter bounds the requests, not this.
    const runs = await runCollectors(k8sCollectors, {
      env,
      staging,
      clock,
      signal: abort.signal,
      concurrency: k8sCollectors.length,
      onDone: () => progress.collectorDone(),
    });
    clearTimeout(deadline);
    progress.stop();
    if (interrupted) return await untilExit();
    const written = await finalizeBundle({
      staging,
      clock,
      collectedAt,
      target: await target(env, connection.server, connection.context),
      options: {
        maxLogLines: settings.maxLogLines,
        maxLogBytes: settings.maxLogBytes,
        since: a.since === undefined ? null : String(a.since),
        concurrency: settings.concurrency,
        timeout: String(a.timeout),
        requestTimeout: String(a['request-timeout']),
        probeHealth: settings.probeHealth,
        execChecks: settings.execChecks,
        execTimeout: String(a['exec-timeout']),
        prometheus:
          settings.prometheusUrl === undefined
            ? null
            : prometheusTarget(settings.prometheusUrl).base,
      },
      collectors: runs,
      outFile,
    });
    if (!quiet) {
      const took = ((performance.now() - start) / 1000).toFixed(1);
      const state = written.partial ? `partial: ${partialSummary(runs)}` : 'complete';
      process.stdout.write(
        `studio-collect: wrote ${written.path} (${formatBytes(written.bytes)}) in ${took}s; ${state}\n`,
      );
    }
    return written.partial ? 3 : 0;
  } catch (error) {
    if (interrupted) return await untilExit();
    throw error;
  } finally {
    clearTimeout(deadline);
    progress.stop();
    removeHandlers();
    client.close();
    await staging?.remove();
  }
}

async function target(env: K8sEnv, server: string, context?: string): Promise<KubernetesTarget> {
  const search = await env.ingressController().catch(() => undefined);
  const scopes = await env.otherScopes().catch(() => []);
  const version = 'version' in env.version ? env.version.version : undefined;
  const gitVersion = (version as { gitVersion?: unknown } | undefined)?.gitVersion;
  return {
    kind: 'kubernetes',
    ...(context !== undefined ? { context } : {}),
    server,
    namespace: env.options.namespace,
    namespaces: [env.options.namespace, ...scopes.map((s) => s.namespace)],
    ingressControllerNamespace: search?.found?.namespace ?? null,
    ...(typeof gitVersion === 'string' ? { serverVersion: gitVersion } : {}),
  };
}

/** --prometheus, checked before anything is collected: a bad URL is a usage error. */
function prometheusUrl(text: string): string {
  try {
    prometheusTarget(text);
  } catch (error) {
    if (error instanceof PrometheusUrlError) throw new ConfigError(error.message);
    throw error;
  }
  return text;
}

function positiveInt(flag: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(`${flag}: expected a whole number ≥ 1, got ${JSON.stringify(value)}`);
  }
  return value;
}

const sizeUnits: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** "5MB" → 5242880 (binary units, as log sizes are usually read), "100000" → 100000. */
export function parseSize(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? sizeUnits[m[2]!.toLowerCase()] : undefined;
  const bytes = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new ConfigError(
      `${flag}: expected a size such as 5MB, 512KB or 100000, got ${JSON.stringify(text)}`,
    );
  }
  return bytes;
}
