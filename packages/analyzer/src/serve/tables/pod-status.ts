import { humanDuration } from '../human-duration.js';
import type { ContainerStatus, PodLike } from './pod-types.js';

/**
 * READY, STATUS and RESTARTS of a pod, computed the way the API server's printPod does
 * (kubernetes pkg/printers/internalversion/printers.go): init containers first
 * ("Init:0/2", "Init:CrashLoopBackOff", "Init:ExitCode:1"), sidecars (restartable init
 * containers) counted as containers, the last container's waiting/terminated reason
 * winning ("CrashLoopBackOff", "Completed", "OOMKilled"), "NotReady" for a completed
 * container beside a running one without the Ready condition, "Terminating"/"Unknown" for
 * pods being deleted, and "3 (5m ago)" restarts measured from the newest termination.
 */
export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
  /** Succeeded or Failed pods carry a Completed row condition. */
  completed?: 'Succeeded' | 'Failed';
}

const nodeUnreachablePodReason = 'NodeLost';

function finishedAt(c: ContainerStatus): number | undefined {
  const at = c.lastState?.terminated?.finishedAt;
  if (!at) return undefined;
  const t = Date.parse(at);
  return Number.isNaN(t) ? undefined : t;
}

const later = (a: number | undefined, b: number | undefined) =>
  b !== undefined && (a === undefined || b > a) ? b : a;

function conditionTrue(pod: PodLike, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** isPodInitializedConditionTrue: the first Initialized condition decides. */
function initializedConditionTrue(pod: PodLike): boolean {
  const c = (pod.status?.conditions ?? []).find((x) => x.type === 'Initialized');
  return c?.status === 'True';
}

export function podSummary(pod: PodLike, now: Date): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase = status.phase ?? '';
  let reason = status.reason || phase;

  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initSpecs = new Map<string, { restartPolicy?: string }>();
  for (const c of spec.initContainers ?? []) {
    initSpecs.set(c.name ?? '', c);
    if (c.restartPolicy === 'Always') totalContainers++;
  }
  const restartable = (name: string | undefined) =>
    initSpecs.get(name ?? '')?.restartPolicy === 'Always';

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += c.restartCount ?? 0;
    lastRestart = later(lastRestart, finishedAt(c));
    if (restartable(c.name)) {
      restartableInitRestarts += c.restartCount ?? 0;
      lastRestartableInitRestart = later(lastRestartableInitRestart, finishedAt(c));
    }
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable(c.name) && c.started) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || initializedConditionTrue(pod)) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += c.restartCount ?? 0;
      lastRestart = later(lastRestart, finishedAt(c));
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting?.reason) {
        reason = waiting.reason;
      } else if (terminated?.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal
          ? `Signal:${terminated.signal}`
          : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A completed container beside a running one: the pod still runs.
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = Boolean(pod.metadata.deletionTimestamp);
  if (deleting && status.reason === nodeUnreachablePodReason) {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  const restartsText =
    restarts !== 0 && lastRestart !== undefined
      ? `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`
      : String(restarts);

  return {
    ready: `${readyContainers}/${totalContainers}`,
    status: reason,
    restarts: restartsText,
    ...((phase === 'Succeeded' || phase === 'Failed') && { completed: phase }),
  };
}
