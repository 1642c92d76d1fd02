import { execOutputPath, execResultPath, type ExecCheckResult } from '@studio-support/schema';
import type { CollectorContext } from '../../bundle/index.js';
import { ApiError } from '../../k8s/api-error.js';
import type { KubeObject } from '../../k8s/client.js';
import { formatDuration } from '../../k8s/duration.js';
import { execInPod, type ExecOutcome } from '../../k8s/exec.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';

/** A command line: a program and its arguments. */
export type Argv = ExecCheckResult['argv'];

/** One check of the guide, run inside a pod. */
export interface CheckCommand {
  /** The file name under exec/<ns>/<pod>/. */
  id: string;
  check: ExecCheckResult['check'];
  argv: Argv;
  /** Run instead when the first program is not in the image (recorded as <id>-<program>). */
  fallback?: Argv;
  /** The output is `env`: values are redacted by their names. */
  env?: boolean;
}

export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
}

export const defaultExecTimeoutMs = 20_000;
const maxStdoutBytes = 1024 * 1024;
const maxStderrBytes = 4096;

const isReady = (pod: KubeObject): boolean =>
  (
    ((pod.status ?? {}) as { conditions?: { type?: string; status?: string }[] }).conditions ?? []
  ).some((c) => c.type === 'Ready' && c.status === 'True');

/** The first Ready pod (by name) among candidates: a pod that is not Ready may not even run. */
export function firstReady(pods: KubeObject[]): KubeObject | undefined {
  return pods
    .filter(isReady)
    .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1))[0];
}

/**
 * Runs the checks one after the other in one container and records each: stdout in
 * exec/<ns>/<pod>/<id>.txt (redacted), how it ran in <id>.json. A refused exec (403: no
 * `create pods/exec` permission; 404) is recorded once and ends the pod's checks; a timeout, a
 * runtime error or a missing program is recorded and the next check runs. A non-zero exit is
 * evidence, not an error.
 */
export async function runChecks(
  ctx: CollectorContext<K8sEnv>,
  target: ExecTarget,
  checks: readonly CheckCommand[],
): Promise<void> {
  for (const check of checks) {
    try {
      const outcome = await record(ctx, target, check, check.id, check.argv, !check.fallback);
      if (outcome.missing && check.fallback) {
        await record(ctx, target, check, `${check.id}-${check.fallback[0]}`, check.fallback, true);
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      ctx.error(
        errorRecord(
          error,
          { path: execResultPath(target.namespace, target.pod, check.id), resource: 'pods/exec' },
          `${target.pod}: no in-pod checks ran: `,
        ),
      );
      return;
    }
  }
}

async function record(
  ctx: CollectorContext<K8sEnv>,
  target: ExecTarget,
  check: CheckCommand,
  id: string,
  argv: Argv,
  /** No fallback follows: a missing program is then an error. */
  last: boolean,
): Promise<ExecOutcome> {
  const { client, options, clock } = ctx.env;
  const timeoutMs = options.execTimeoutMs ?? defaultExecTimeoutMs;
  const outcome = await execInPod(
    client,
    { ...target, command: argv, timeoutMs, maxStdoutBytes, maxStderrBytes },
    ctx.signal,
  );
  const outPath = execOutputPath(target.namespace, target.pod, id);
  const resultPath = execResultPath(target.namespace, target.pod, id);
  if (!outcome.missing) {
    const text = outcome.stdout.toString('utf8');
    if (check.env) await ctx.writeEnvText(outPath, text);
    else await ctx.writeText(outPath, text);
  }
  const result: ExecCheckResult = {
    id,
    check: check.check,
    namespace: target.namespace,
    pod: target.pod,
    container: target.container,
    argv,
    exitCode: outcome.exitCode,
    durationMs: clock.deterministic ? 0 : outcome.durationMs,
    timedOut: outcome.timedOut,
    missing: outcome.missing,
    stdoutBytes: outcome.stdoutBytes,
    stderr: outcome.stderr,
    truncated: outcome.stdoutBytes > outcome.stdout.length,
    ...(outcome.failure !== undefined ? { error: outcome.failure } : {}),
  };
  await ctx.writeJson(resultPath, result);
  const shown =
    argv[0] === 'python' || argv[0] === 'python3'
      ? `${argv[0]} -c <the guide's ${check.check} check>`
      : argv.join(' ');
  const where = { path: outPath, resource: 'pods/exec' };
  if (outcome.timedOut) {
    ctx.error({
      ...where,
      message: `${target.pod}: ${shown}: still running after ${formatDuration(timeoutMs)} (--exec-timeout); ended, the output up to then is kept`,
      code: 'Timeout',
    });
  } else if (outcome.missing && last) {
    ctx.error({
      ...where,
      message: `${target.pod}: ${argv[0]} is not in the container image; ${shown} did not run`,
      code: 'ProgramMissing',
    });
  } else if (outcome.failure !== undefined && !outcome.missing) {
    ctx.error({
      ...where,
      message: `${target.pod}: ${shown}: ${outcome.failure}`,
      code: 'ExecFailed',
    });
  }
  return outcome;
}
