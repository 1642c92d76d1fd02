/**
 * Time as the bundle sees it. With --deterministic every time is SOURCE_DATE_EPOCH (or 0)
 * and every duration 0, so two collections of the same data are byte-identical.
 */
export interface Clock {
  readonly deterministic: boolean;
  now(): Date;
  /** Milliseconds since `start` (a value from `mark()`); 0 when deterministic. */
  since(start: number): number;
  mark(): number;
}

export function systemClock(): Clock {
  return {
    deterministic: false,
    now: () => new Date(),
    mark: () => performance.now(),
    since: (start) => Math.round(performance.now() - start),
  };
}

/** SOURCE_DATE_EPOCH (seconds, the reproducible-builds convention) or the Unix epoch. */
export function deterministicClock(env: NodeJS.ProcessEnv = process.env): Clock {
  const raw = env.SOURCE_DATE_EPOCH;
  const seconds = raw === undefined || raw === '' ? 0 : Number(raw);
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new Error(
      `SOURCE_DATE_EPOCH: expected whole seconds since 1970, got ${JSON.stringify(raw)}`,
    );
  }
  const fixed = new Date(seconds * 1000);
  return { deterministic: true, now: () => new Date(fixed), mark: () => 0, since: () => 0 };
}
