import type { Obj, Scenario, Usage } from '../scenario/index.js';
import { studioNamespace } from '../scenario/index.js';
import { brokenStudioCluster } from './scenarios.js';

const day = 86400;

/** Whether metrics-server would report the pod: every container is running. */
export function isMeasured(pod: Obj): boolean {
  const statuses =
    (pod.status as { containerStatuses?: { state: { running?: unknown } }[] }).containerStatuses ??
    [];
  return statuses.length > 0 && statuses.every((s) => s.state.running);
}

/** Deterministic usage per pod, in the units metrics-server reports (nanocores, KiB). */
function usageFor(index: number): Usage {
  return { cpu: `${(index + 1) * 3_141_593}n`, memory: `${(index + 1) * 40_960 + 123}Ki` };
}

/**
 * The broken Studio with what resource usage needs: requests and limits on a Studio workload
 * and on a workload in another namespace (`monitoring`, which must be summed into the node's
 * allocations but never stored), and metrics-server's numbers for the node and every running
 * Studio pod. With `metrics: false`, the same cluster without metrics-server.
 */
export async function usageStudio(
  options: { metrics: boolean } = { metrics: true },
): Promise<Scenario> {
  const s = await brokenStudioCluster();
  s.deployment({
    namespace: studioNamespace,
    name: 'datachain-studio-runner',
    labels: { 'app.kubernetes.io/name': 'datachain-studio-runner' },
    containers: [
      {
        name: 'runner',
        image: 'registry.datachain.ai/studio-runner:v2.14.0',
        resources: {
          requests: { cpu: '250m', memory: '512Mi' },
          limits: { cpu: '1', memory: '1Gi' },
        },
      },
    ],
    replicas: 2,
    ageSeconds: 2 * day,
  });
  s.namespace('monitoring', 30 * day);
  s.deployment({
    namespace: 'monitoring',
    name: 'prometheus-server',
    labels: { 'app.kubernetes.io/name': 'prometheus' },
    containers: [
      {
        name: 'prometheus',
        image: 'quay.io/prometheus/prometheus:v2.54.1',
        resources: {
          requests: { cpu: '500m', memory: '2Gi' },
          limits: { memory: '4Gi' },
        },
      },
    ],
    ageSeconds: 30 * day,
  });
  if (!options.metrics) return s;
  s.nodeMetrics({ cpu: '1329087452n', memory: '6748180Ki' });
  const pods = s
    .all('Pod')
    .filter((p) => p.metadata.namespace === studioNamespace && isMeasured(p))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  pods.forEach((pod, i) => {
    const containers = (pod.spec as { containers: { name: string }[] }).containers;
    s.podMetrics(pod, Object.fromEntries(containers.map((c) => [c.name, usageFor(i)])));
  });
  return s;
}
