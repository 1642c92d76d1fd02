const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration like kubectl's --since and --request-timeout: Go-style sums of numbers
 * with units ("30s", "5m", "1h30m", "250ms"), plus "d" for days. A bare number is seconds.
 * Returns milliseconds; throws one line naming the flag, what was expected and what was got.
 */
export function parseDuration(flag: string, text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let end = 0;
  for (let m = part.exec(trimmed); m; m = part.exec(trimmed)) {
    total += Number(m[1]) * units[m[2]!]!;
    end = part.lastIndex;
  }
  if (trimmed === '' || end !== trimmed.length || total <= 0) {
    throw new Error(
      `${flag}: expected a positive duration such as 30s, 5m or 1h30m, got ${JSON.stringify(text)}`,
    );
  }
  return Math.round(total);
}

/** 90000 → "1m30s": durations in messages read the way they were given. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${rest || (!h && !m) ? `${rest}s` : ''}`;
}
