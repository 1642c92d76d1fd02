import { componentOf } from './component.js';
import type { FactContext } from './context.js';
import { at, iso, num, rec, str, time, type Json } from './json.js';
import { podRefs } from './pods.js';
import type { FactCollection, FactItem } from './types.js';

export const eventsCollection: FactCollection = {
  name: 'events',
  doc: 'Kubernetes events in scope, by the object they are about.',
  fields: {
    namespace: { type: 'string', doc: 'Namespace.' },
    kind: { type: 'string', doc: 'involvedObject.kind (Pod, Deployment, Service, …).' },
    object: { type: 'string', doc: 'involvedObject.name.' },
    component: { type: 'string', doc: "The object's Studio component." },
    type: { type: 'string', doc: 'Normal or Warning.' },
    reason: { type: 'string', doc: 'Failed, BackOff, Unhealthy, FailedScheduling, FailedMount, …' },
    message: { type: 'string', doc: 'The message as the kubelet or controller printed it.' },
    count: { type: 'number', doc: 'How many times it happened.' },
    firstTime: { type: 'date', doc: 'First occurrence.' },
    lastTime: { type: 'date', doc: 'Last occurrence.' },
    minutesAgo: {
      type: 'number',
      doc: 'Minutes between the last occurrence and the collection time.',
    },
    source: { type: 'string', doc: 'Reporting component (kubelet, default-scheduler, …).' },
  },
};

/** The last time an event happened, whichever field the server filled. */
export function eventTime(e: Json): Date | undefined {
  return (
    time(at(e, 'series.lastObservedTime')) ??
    time(at(e, 'lastTimestamp')) ??
    time(at(e, 'eventTime')) ??
    time(at(e, 'firstTimestamp')) ??
    time(at(e, 'metadata.creationTimestamp'))
  );
}

export function buildEvents(ctx: FactContext): FactItem[] {
  const podComponents = new Map(podRefs(ctx).map((p) => [`${p.namespace}/${p.name}`, p.component]));
  return ctx.scoped('events').map(({ item, path, namespace }) => {
    const involved = rec(rec(item).involvedObject);
    const kind = str(involved.kind) ?? '';
    const object = str(involved.name) ?? '';
    const last = eventTime(item);
    const first = time(at(item, 'firstTimestamp')) ?? last;
    const count = num(at(item, 'count')) ?? num(at(item, 'series.count')) ?? 1;
    const type = str(at(item, 'type')) ?? 'Normal';
    const reason = str(at(item, 'reason')) ?? '';
    const message = str(at(item, 'message')) ?? '';
    return {
      namespace,
      kind,
      object,
      component:
        (kind === 'Pod' ? podComponents.get(`${namespace}/${object}`) : undefined) ??
        componentOf({}, object),
      type,
      reason,
      message,
      count,
      firstTime: iso(first),
      lastTime: iso(last),
      minutesAgo: ctx.minutesAgo(last),
      source: str(at(item, 'source.component')) ?? str(at(item, 'reportingComponent')),
      evidence: [
        {
          path,
          excerpt: `${type} ${reason} ${kind.toLowerCase()}/${object}: ${message}${count > 1 ? ` (x${count})` : ''}`,
          time: iso(last),
        },
      ],
    };
  });
}
