import { nginxTime } from './nginx.js';

/** The time a log line starts with, when it has one we recognize (RFC 3339-like or nginx's). */
export function lineTime(line: string): string | undefined {
  const m = /(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:[.,]\d+)?(Z|[+-]\d\d:?\d\d)?/.exec(
    line.slice(0, 64),
  );
  if (m) {
    const zone =
      m[3] === undefined ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3];
    const d = new Date(`${m[1]}T${m[2]}${zone}`);
    if (!Number.isNaN(d.getTime())) return d.toISOString().replace('.000Z', 'Z');
  }
  return nginxTime(line.slice(0, 64));
}
