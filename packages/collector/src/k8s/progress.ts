import type { CollectorRun } from '@studio-support/schema';
import type { KubeClient } from './client.js';

/**
 * One status line on a terminal's stderr, redrawn four times a second: collectors done,
 * requests, bytes received, elapsed time. Nothing at all when stderr is not a TTY or with
 * --quiet, so logs and pipes stay clean.
 */
export class Progress {
  #timer: NodeJS.Timeout | undefined;
  #done = 0;
  #total = 0;
  #start = 0;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly enabled: boolean,
    private readonly client: KubeClient,
  ) {}

  start(total: number): void {
    if (!this.enabled) return;
    this.#total = total;
    this.#start = performance.now();
    this.#timer = setInterval(() => this.#draw(), 250);
    this.#timer.unref();
  }

  collectorDone(): void {
    this.#done++;
  }

  stop(): void {
    if (!this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.out.write('\r\x1b[K');
  }

  #draw(): void {
    const s = this.client.stats;
    const elapsed = ((performance.now() - this.#start) / 1000).toFixed(1);
    this.out.write(
      `\r\x1b[Kcollecting: ${this.#done}/${this.#total} collectors, ${s.requests} requests, ${formatBytes(s.bytes)} received, ${elapsed}s`,
    );
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** "secrets failed (secrets: 403), studio-resources partial (events: 500)" for the summary line. */
export function partialSummary(runs: readonly CollectorRun[]): string {
  return runs
    .filter((r) => r.status === 'partial' || r.status === 'failed')
    .map((r) => {
      const first = r.errors[0];
      const what = first
        ? `${first.resource ?? first.path ?? ''}: ${first.httpStatus ?? first.code ?? 'error'}`
        : '';
      const more = r.errors.length > 1 ? ` and ${r.errors.length - 1} more` : '';
      return `${r.id} ${r.status} (${what}${more})`;
    })
    .join(', ')
    .concat('; see manifest.json');
}
