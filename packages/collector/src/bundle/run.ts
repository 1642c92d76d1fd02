import type { CollectorRun } from '@studio-support/schema';
import type { Clock } from './clock.js';
import { CollectorContext, type Collector } from './context.js';
import type { Staging } from './staging.js';

export interface RunOptions<Env> {
  env: Env;
  staging: Staging;
  clock: Clock;
  signal: AbortSignal;
  /** Collectors running at once (each may run its own bounded requests inside). */
  concurrency: number;
  /** Called when a collector finishes, for progress output. */
  onDone?: (run: CollectorRun) => void;
}

/**
 * Runs every collector, at most `concurrency` at once. A collector that throws is recorded
 * as failed with its message; collection goes on (fail forward). Results come back in
 * registry order, whatever order they finished in.
 */
export async function runCollectors<Env>(
  collectors: readonly Collector<Env>[],
  options: RunOptions<Env>,
): Promise<CollectorRun[]> {
  const results: CollectorRun[] = new Array<CollectorRun>(collectors.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < collectors.length) {
      const index = next++;
      const collector = collectors[index]!;
      const ctx = new CollectorContext(
        collector.id,
        options.env,
        options.staging,
        options.clock,
        options.signal,
      );
      try {
        if (options.signal.aborted) throw abortError(options.signal);
        await collector.collect(ctx);
      } catch (error) {
        ctx.error({ message: messageOf(error), code: 'CollectorFailed' });
      }
      const run = ctx.record.finish();
      results[index] = run;
      options.onDone?.(run);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, collectors.length)) }, worker),
  );
  return results;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('collection aborted');
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
