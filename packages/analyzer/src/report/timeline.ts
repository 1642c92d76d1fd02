import type { TimelineEntry } from '@studio-support/schema';
import type { LogScan, ScanPattern } from '../bundle/line-scan.js';
import type { FactContext } from '../facts/context.js';
import { lineTime } from '../facts/line-time.js';
import type { Facts } from '../facts/types.js';

const errorPatternId = 'report:error-line';

/**
 * What counts as an error line for the timeline: log levels (Python, Go, klog's E prefix
 * is too terse to match safely), nginx's error levels, Python tracebacks and exceptions,
 * and "failed" as systemd, kubelet and libpq print it. Only the first few per log are kept.
 */
export const timelineScanPatterns: readonly ScanPattern[] = [
  {
    id: errorPatternId,
    source: String.raw`\b(?:ERROR|FATAL|CRITICAL|PANIC)\b|\[(?:error|crit|alert|emerg)\]|Traceback \(most recent call last\)|[a-z](?:Error|Exception): |\b[Ff]ailed\b`,
    keep: 3,
  },
];

/**
 * How far from the collection the timeline looks: a day for what went wrong, an hour for
 * Normal events (a pod's Scheduled/Pulled/Created/Started burst days ago is noise).
 */
const windowMs = 24 * 3600 * 1000;
const normalWindowMs = 3600 * 1000;
const maxEntries = 40;

/** How a log is named in the timeline: pod/container (previous), or the host command or file. */
function logName(log: Facts[string][number]): string {
  if (log.kind === 'pod')
    return `${String(log.pod)}/${String(log.container ?? 'logs')}${log.previous ? ' (previous)' : ''}`;
  if (log.kind === 'command') return String(log.command);
  return String(log.path).replace(/^host\/files/, '');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Events, container restarts and the first timed error line of each log, oldest first,
 * limited to the day before the collection (or everything when its time is unknown) and
 * to the newest entries: what happened around the moment the bundle was taken.
 */
export function buildTimeline(ctx: FactContext, facts: Facts): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const e of facts.events ?? []) {
    const time = str(e.lastTime);
    const path = e.evidence[0]?.path;
    if (!time || !path) continue;
    const count = typeof e.count === 'number' && e.count > 1 ? ` (×${e.count})` : '';
    out.push({
      time,
      kind: 'event',
      subject: `${String(e.kind).toLowerCase()}/${String(e.object)}`,
      text: `${String(e.reason)}: ${String(e.message)}${count}`,
      path,
      warning: e.type === 'Warning',
    });
  }
  for (const c of facts.containers ?? []) {
    const time = str(c.lastFinishedAt);
    const path = c.evidence[0]?.path;
    if (!time || !path) continue;
    out.push({
      time,
      kind: 'restart',
      subject: `${String(c.pod)}/${String(c.name)}`,
      text: `terminated: ${String(c.lastReason ?? 'unknown reason')} (exit code ${String(c.lastExitCode ?? '?')}), ${String(c.restartCount)} restarts`,
      path,
      warning: true,
    });
  }
  for (const log of facts.logs ?? []) {
    const path = str(log.path);
    const scan = path ? ctx.bundle.logs.get(path) : undefined;
    const first = (scan as LogScan | undefined)?.hits
      .get(errorPatternId)
      ?.samples.map((s) => ({ ...s, time: lineTime(s.text) }))
      .find((s) => s.time);
    if (!path || !first?.time) continue;
    out.push({
      time: first.time,
      kind: 'log',
      subject: logName(log),
      text: first.text,
      path,
      line: first.line,
      warning: true,
    });
  }
  const at = ctx.collectedAt?.getTime();
  const kept = out
    .filter(
      (e) =>
        at === undefined ||
        Math.abs(Date.parse(e.time) - at) <= (e.warning ? windowMs : normalWindowMs),
    )
    .sort((a, b) => Date.parse(a.time) - Date.parse(b.time) || a.path.localeCompare(b.path));
  return kept.slice(-maxEntries);
}
