import type { CollectorError, CollectorRun, Truncation } from '@studio-support/schema';
import type { Clock } from './clock.js';

/**
 * What one collector did, as the manifest will tell it: the files it wrote, its errors and
 * truncations. Its status follows from them: skipped when told, failed when it wrote nothing
 * but erred, partial when it wrote something and erred, ok otherwise.
 */
export class CollectorRecord {
  readonly files: string[] = [];
  readonly errors: CollectorError[] = [];
  readonly truncated: Truncation[] = [];
  #skipReason: string | undefined;
  readonly #startedAt: Date;
  readonly #mark: number;

  constructor(
    readonly id: string,
    private readonly clock: Clock,
  ) {
    this.#startedAt = clock.now();
    this.#mark = clock.mark();
  }

  file(path: string): void {
    if (!this.files.includes(path)) this.files.push(path);
  }

  error(error: CollectorError): void {
    this.errors.push(error);
  }

  /** A file written again (a log asked for anew) replaces its earlier truncation. */
  truncate(truncation: Truncation): void {
    const i = this.truncated.findIndex((t) => t.path === truncation.path);
    if (i === -1) this.truncated.push(truncation);
    else this.truncated[i] = truncation;
  }

  /** Not applicable here (e.g. no ingress controller found): not a failure. */
  skip(reason: string): void {
    this.#skipReason = reason;
  }

  finish(): CollectorRun {
    const status: CollectorRun['status'] =
      this.#skipReason !== undefined && this.errors.length === 0
        ? 'skipped'
        : this.errors.length === 0
          ? 'ok'
          : this.files.length === 0
            ? 'failed'
            : 'partial';
    const byPath = (a: { path?: string }, b: { path?: string }): number =>
      (a.path ?? '').localeCompare(b.path ?? '');
    return {
      id: this.id,
      status,
      ...(this.#skipReason !== undefined ? { reason: this.#skipReason } : {}),
      startedAt: this.#startedAt.toISOString(),
      durationMs: this.clock.since(this.#mark),
      files: [...this.files].sort(),
      errors: [...this.errors].sort(byPath),
      truncated: [...this.truncated].sort(byPath),
    };
  }
}
