import type { KubeObject } from '../../k8s/client.js';

export interface LogTarget {
  container: string;
  previous: boolean;
}

interface ContainerStatus {
  name?: string;
  restartCount?: number;
  state?: { running?: unknown; terminated?: unknown; waiting?: unknown };
  lastState?: { terminated?: unknown };
}

/**
 * Which logs a pod has, for every container (init containers too): the current one when
 * the container runs or ran (the kubelet serves the last terminated instance while it waits
 * in CrashLoopBackOff), and the previous one when it restarted or has a terminated last
 * state. A container that never started (ImagePullBackOff, Pending) has no log to ask for.
 */
export function logTargets(pod: KubeObject): LogTarget[] {
  const spec = (pod.spec ?? {}) as {
    initContainers?: { name: string }[];
    containers?: { name: string }[];
  };
  const status = (pod.status ?? {}) as {
    initContainerStatuses?: ContainerStatus[];
    containerStatuses?: ContainerStatus[];
  };
  const statuses = new Map(
    [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])].map((s) => [
      s.name,
      s,
    ]),
  );
  const targets: LogTarget[] = [];
  for (const { name } of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const s = statuses.get(name);
    if (!s) continue;
    const restarted = (s.restartCount ?? 0) > 0 || Boolean(s.lastState?.terminated);
    if (s.state?.running || s.state?.terminated || s.lastState?.terminated) {
      targets.push({ container: name, previous: false });
    }
    if (restarted) targets.push({ container: name, previous: true });
  }
  return targets;
}
