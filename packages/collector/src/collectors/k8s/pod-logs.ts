import { podLogPath } from '@studio-support/schema';
import type { Collector, CollectorContext } from '../../bundle/index.js';
import { Limiter } from '../../k8s/limiter.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';
import { logTargets, type LogTarget } from './log-targets.js';
import { scopedList, type Scope } from './scope.js';

/**
 * Logs of every container of every collected pod, current and previous, streamed to disk
 * through the redacting tail writer: the newest lines within --max-log-lines and
 * --max-log-bytes, never a whole log in memory.
 *
 * The server does the first cut: tailLines is one more than we keep (a dropped line proves
 * the log was longer, so the manifest records the truncation) and limitBytes bounds the
 * transfer at twice the byte cap. limitBytes counts from the start of the tail, so when the
 * server stops there the newest lines may be missing: ask again for as many lines as fit.
 */
export const podLogs: Collector<K8sEnv> = {
  id: 'pod-logs',
  description: 'container logs, current and previous, tail-capped and redacted',
  async collect(ctx) {
    // Log files in flight at once: each holds an open file and a request slot.
    const pool = new Limiter(ctx.env.options.concurrency);
    const collect = async (scope: Scope): Promise<void> => {
      let pods;
      try {
        pods = (await scopedList(ctx.env, scope, 'pods')).items;
      } catch (error) {
        ctx.error(
          errorRecord(
            error,
            { resource: 'pods' },
            `no logs from ${scope.namespace}: listing pods failed: `,
          ),
        );
        return;
      }
      await Promise.all(
        pods.flatMap((pod) =>
          logTargets(pod).map(async (target) => {
            const release = await pool.acquire(ctx.signal);
            try {
              await collectLog(ctx, scope.namespace, pod.metadata?.name ?? '', target);
            } finally {
              release();
            }
          }),
        ),
      );
    };
    await Promise.all([
      collect(ctx.env.studioScope),
      ctx.env.otherScopes().then((scopes) => Promise.all(scopes.map(collect))),
    ]);
  },
};

async function collectLog(
  ctx: CollectorContext<K8sEnv>,
  namespace: string,
  pod: string,
  { container, previous }: LogTarget,
): Promise<void> {
  const { client, options } = ctx.env;
  const path = podLogPath(namespace, pod, container, previous);
  const caps = { maxBytes: options.maxLogBytes, maxLines: options.maxLogLines };
  const limitBytes = 2 * options.maxLogBytes;
  let tailLines = options.maxLogLines + 1;
  let firstSourceBytes: number | undefined;
  for (let attempt = 1; ; attempt++) {
    let stream;
    try {
      stream = await client.log(namespace, pod, container, {
        previous,
        tailLines,
        limitBytes,
        ...(options.sinceSeconds !== undefined ? { sinceSeconds: options.sinceSeconds } : {}),
      });
    } catch (error) {
      ctx.error(errorRecord(error, { path, resource: 'pods/log' }));
      return;
    }
    let result;
    try {
      result = await ctx.writeTail(path, stream, caps);
    } finally {
      stream.close();
    }
    if (stream.interruption) {
      ctx.error(
        errorRecord(
          stream.interruption,
          { path, resource: 'pods/log' },
          `log incomplete, kept the ${result.bytes} bytes received: `,
        ),
      );
      return;
    }
    firstSourceBytes ??= result.sourceBytes;
    if (attempt > 1) {
      // Asked for fewer lines than the log has: truncated, by at least what the first try saw.
      ctx.record.truncate({
        path,
        keptBytes: result.bytes,
        droppedBytes: Math.max(1, firstSourceBytes - result.bytes),
        keptLines: result.lines,
      });
    }
    if (result.sourceBytes < limitBytes || attempt === 3 || result.lines === 0) return;
    const lineBytes = Math.max(1, result.bytes / result.lines);
    tailLines = Math.max(1, Math.min(tailLines - 1, Math.floor(options.maxLogBytes / lineBytes)));
  }
}
