import type { FactContext } from './context.js';
import { eventTime } from './events.js';
import { arr, at, rec, time, type Json } from './json.js';

/**
 * A foreign bundle has no manifest, so its collection time is estimated as the newest
 * timestamp the cluster wrote (events, pod conditions, container states), as sbctl and
 * TESTING.md do; the report says it is an estimate.
 */
export function estimateCollectionTime(ctx: FactContext): void {
  if (ctx.collectedAt) return;
  let newest: Date | undefined;
  const consider = (d: Date | undefined): void => {
    if (d && (!newest || d > newest)) newest = d;
  };
  const namespaces = new Set<string>();
  for (const path of ctx.bundle.files.keys()) {
    const m =
      ctx.bundle.format === 'cluster-info-dump'
        ? /^([^/]+)\/(?:pods|events)\.json$/.exec(path)
        : /^cluster-resources\/(?:pods|events)\/([^/]+)\.json$/.exec(path);
    if (m?.[1]) namespaces.add(m[1]);
  }
  for (const ns of namespaces) {
    for (const e of ctx.list('events', ns) ?? []) consider(eventTime(e));
    for (const p of ctx.list('pods', ns) ?? []) {
      for (const c of arr(at(p, 'status.conditions'))) consider(time(rec(c).lastTransitionTime));
      const statuses = [
        ...arr(at(p, 'status.containerStatuses')),
        ...arr(at(p, 'status.initContainerStatuses')),
      ];
      for (const s of statuses) {
        for (const state of [at(s, 'state'), at(s, 'lastState')] as Json[]) {
          for (const v of Object.values(rec(state))) {
            consider(time(rec(v).startedAt));
            consider(time(rec(v).finishedAt));
          }
        }
      }
    }
  }
  if (newest) {
    ctx.collectedAt = newest;
    ctx.collectedAtEstimated = true;
  }
}
