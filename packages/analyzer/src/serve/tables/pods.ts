import { since } from '../human-duration.js';
import type { KubeObject } from '../objects.js';
import { podSummary } from './pod-status.js';
import type { PodLike } from './pod-types.js';
import { ageColumn, col, nameColumn, type Printer } from './table.js';

export const podPrinter: Printer = {
  resource: 'pods',
  columns: [
    nameColumn,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn,
    col('IP', 'string', 'IP address allocated to the pod.', 1),
    col('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node.', 1),
    col(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node.',
      1,
    ),
    col(
      'Readiness Gates',
      'string',
      'If specified, all readiness gates will be evaluated for pod readiness.',
      1,
    ),
  ],
  cells(obj, { now }) {
    const pod = obj as unknown as PodLike;
    const s = podSummary(pod, now);
    const status = pod.status ?? {};
    const ip = status.podIPs?.[0]?.ip || status.podIP || '<none>';
    const gates = pod.spec?.readinessGates ?? [];
    let readinessGates = '<none>';
    if (gates.length > 0) {
      const trueCount = gates.filter(
        (g) => status.conditions?.find((c) => c.type === g.conditionType)?.status === 'True',
      ).length;
      readinessGates = `${trueCount}/${gates.length}`;
    }
    return [
      obj.metadata.name,
      s.ready,
      s.status,
      s.restarts,
      since(obj.metadata.creationTimestamp, now),
      ip,
      pod.spec?.nodeName || '<none>',
      status.nominatedNodeName || '<none>',
      readinessGates,
    ];
  },
  conditions(obj: KubeObject) {
    const phase = (obj as unknown as PodLike).status?.phase;
    if (phase === 'Succeeded') {
      return [
        {
          type: 'Completed',
          status: 'True',
          reason: 'Succeeded',
          message: 'The pod has completed successfully.',
        },
      ];
    }
    if (phase === 'Failed') {
      return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    }
    return undefined;
  },
};
