import type { CollectorError } from '@studio-support/schema';
import type { Clock } from './clock.js';
import { CollectorRecord } from './record.js';
import type { Staging } from './staging.js';
import type { TailCaps, TailResult } from './tail-writer.js';

/**
 * What a collector gets: writers that redact, stage and record each file in the manifest,
 * and a way to record errors and skips. `env` is what the collector kind needs (a Kubernetes
 * client, a host executor).
 */
export class CollectorContext<Env> {
  readonly record: CollectorRecord;

  constructor(
    id: string,
    readonly env: Env,
    private readonly staging: Staging,
    clock: Clock,
    /** Aborted on the overall deadline or an interrupt; pass it to every request. */
    readonly signal: AbortSignal,
  ) {
    this.record = new CollectorRecord(id, clock);
  }

  async writeJson(path: string, value: unknown): Promise<void> {
    await this.staging.writeJson(path, value);
    this.record.file(path);
  }

  /** For JSON we built from parsed data that holds no collected free text (e.g. cert dates). */
  async writeOwnJson(path: string, value: unknown): Promise<void> {
    await this.staging.writeOwnJson(path, value);
    this.record.file(path);
  }

  async writeText(path: string, text: string): Promise<void> {
    await this.staging.writeText(path, text);
    this.record.file(path);
  }

  /** The output of `env`: names kept, values redacted by name and by pattern. */
  async writeEnvText(path: string, text: string): Promise<void> {
    await this.staging.writeEnvText(path, text);
    this.record.file(path);
  }

  async writeTail(
    path: string,
    source: AsyncIterable<Buffer | string>,
    caps: TailCaps,
  ): Promise<TailResult> {
    const result = await this.staging.writeTail(path, source, caps);
    this.record.file(path);
    if (result.droppedBytes > 0) {
      this.record.truncate({
        path,
        keptBytes: result.bytes,
        droppedBytes: result.droppedBytes,
        keptLines: result.lines,
      });
    }
    return result;
  }

  error(error: CollectorError): void {
    this.record.error(error);
  }

  skip(reason: string): void {
    this.record.skip(reason);
  }
}

/** A unit of collection: one file per collector, listed in an explicit registry. */
export interface Collector<Env> {
  id: string;
  /** One line for --help and docs: what it collects. */
  description: string;
  collect(ctx: CollectorContext<Env>): Promise<void>;
}
