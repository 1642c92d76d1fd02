import { podLogPath } from '@studio-support/schema';
import type { FactContext } from './context.js';
import { arr, at, iso, num, rec, str, time, type Json } from './json.js';
import { podRefs } from './pods.js';
import type { FactCollection, FactItem } from './types.js';

export const containersCollection: FactCollection = {
  name: 'containers',
  doc: 'Every container (and init container) of the pods in scope, with its current and last state.',
  fields: {
    namespace: { type: 'string', doc: 'Namespace.' },
    pod: { type: 'string', doc: 'Pod name.' },
    name: { type: 'string', doc: 'Container name.' },
    component: { type: 'string', doc: "The pod's Studio component." },
    workload: { type: 'string', doc: "The pod's workload." },
    init: { type: 'boolean', doc: 'An init container.' },
    image: { type: 'string', doc: 'Image reference from the pod spec.' },
    imageTag: { type: 'string', doc: 'Tag (or digest) of the image.' },
    ready: { type: 'boolean', doc: 'Reported ready.' },
    restartCount: { type: 'number', doc: 'restartCount.' },
    state: { type: 'string', doc: 'running, waiting, terminated, or unknown (no status yet).' },
    reason: {
      type: 'string',
      doc: 'Waiting or terminated reason now (CrashLoopBackOff, ImagePullBackOff, ErrImagePull, CreateContainerConfigError, OOMKilled, Error, …).',
    },
    message: { type: 'string', doc: 'Waiting or terminated message now.' },
    exitCode: { type: 'number', doc: 'Exit code when terminated now.' },
    lastReason: {
      type: 'string',
      doc: 'lastState.terminated.reason (OOMKilled, Error, Completed, …).',
    },
    lastExitCode: { type: 'number', doc: 'lastState.terminated.exitCode.' },
    lastFinishedAt: { type: 'date', doc: 'lastState.terminated.finishedAt.' },
    lastFinishedMinutesAgo: {
      type: 'number',
      doc: 'Minutes between the last termination and the collection time.',
    },
    oomKilled: { type: 'boolean', doc: 'The current or last termination is OOMKilled.' },
    memoryLimit: { type: 'string', doc: 'resources.limits.memory.' },
    logPath: { type: 'string', doc: 'Bundle path of the current log, when collected.' },
    previousLogPath: {
      type: 'string',
      doc: 'Bundle path of the previous instance log, when collected.',
    },
  },
};

function stateOf(s: Record<string, Json>): {
  state: string;
  reason?: string;
  message?: string;
  exitCode?: number;
} {
  const st = rec(s.state);
  for (const key of ['waiting', 'terminated', 'running'] as const) {
    if (st[key] !== undefined) {
      const v = rec(st[key]);
      return {
        state: key,
        reason: str(v.reason),
        message: str(v.message),
        exitCode: num(v.exitCode),
      };
    }
  }
  return { state: 'unknown' };
}

export function buildContainers(ctx: FactContext): FactItem[] {
  const out: FactItem[] = [];
  for (const ref of podRefs(ctx)) {
    const statuses = new Map<string, Record<string, Json>>();
    for (const s of [
      ...arr(at(ref.pod, 'status.initContainerStatuses')),
      ...arr(at(ref.pod, 'status.containerStatuses')),
    ]) {
      statuses.set(str(rec(s).name) ?? '', rec(s));
    }
    const specs = [
      ...arr(at(ref.pod, 'spec.initContainers')).map((c) => ({ c: rec(c), init: true })),
      ...arr(at(ref.pod, 'spec.containers')).map((c) => ({ c: rec(c), init: false })),
    ];
    for (const { c, init } of specs) {
      const name = str(c.name) ?? '';
      const s = statuses.get(name) ?? {};
      const now = stateOf(s);
      const last = rec(at(s, 'lastState.terminated'));
      const lastFinished = time(last.finishedAt);
      const image = str(c.image) ?? str(s.image) ?? '';
      const log = podLogPath(ref.namespace, ref.name, name, false);
      const previous = podLogPath(ref.namespace, ref.name, name, true);
      const lastReason = str(last.reason);
      const parts = [
        `${ref.name}/${name}: ${now.state}${now.reason ? ` ${now.reason}` : ''}${now.exitCode !== undefined ? ` (exit code ${now.exitCode})` : ''}`,
        now.message ? `"${now.message}"` : undefined,
        lastReason
          ? `last terminated ${lastReason} (exit code ${num(last.exitCode) ?? '?'})${lastFinished ? ` at ${iso(lastFinished)}` : ''}`
          : undefined,
        `${num(s.restartCount) ?? 0} restarts`,
      ];
      out.push({
        namespace: ref.namespace,
        pod: ref.name,
        name,
        component: ref.component,
        workload: ref.workload,
        init,
        image,
        imageTag: imageTag(image),
        ready: s.ready === true,
        restartCount: num(s.restartCount) ?? 0,
        state: now.state,
        reason: now.reason,
        message: now.message,
        exitCode: now.exitCode,
        lastReason,
        lastExitCode: num(last.exitCode),
        lastFinishedAt: iso(lastFinished),
        lastFinishedMinutesAgo: ctx.minutesAgo(lastFinished),
        oomKilled: now.reason === 'OOMKilled' || lastReason === 'OOMKilled',
        memoryLimit: str(at(c, 'resources.limits.memory')),
        logPath: ctx.has(log) ? log : undefined,
        previousLogPath: ctx.has(previous) ? previous : undefined,
        evidence: [{ path: ref.path, excerpt: parts.filter(Boolean).join('; ') }],
      });
    }
  }
  return out;
}

/**
 * "registry:5000/studio-backend:v2.14.0" → "v2.14.0"; the tag of "repo:tag@sha256:…" (each
 * image of a release has its own digest, the release is the tag); the digest when pinned only
 * by one.
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const named = at === -1 ? image : image.slice(0, at);
  const lastSlash = named.lastIndexOf('/');
  const colon = named.indexOf(':', lastSlash + 1);
  if (colon !== -1) return named.slice(colon + 1);
  return at === -1 ? 'latest' : image.slice(at + 1);
}

export function imageRepository(image: string): string {
  const at = image.indexOf('@');
  const named = at === -1 ? image : image.slice(0, at);
  const lastSlash = named.lastIndexOf('/');
  const colon = named.indexOf(':', lastSlash + 1);
  return colon === -1 ? named : named.slice(0, colon);
}
