import { describe, expect, it } from 'vitest';
import { podSummary } from './pod-status.js';
import type { ContainerStatus, PodLike } from './pod-types.js';

/**
 * Cases of TestPrintPod and TestPrintPodWithRestartableInitContainer in kubernetes
 * pkg/printers/internalversion/printers_test.go, rewritten as v1 JSON: same pods, same
 * expected READY, STATUS and RESTARTS.
 */
const now = new Date('2026-11-25T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
const finished = (seconds: number): ContainerStatus['lastState'] => ({
  terminated: { finishedAt: ago(seconds) },
});
const running = { running: {} };
const containers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `c${i}` }));
const sidecar = (name: string) => ({ name, restartPolicy: 'Always' });

interface Case {
  name: string;
  pod: Omit<PodLike, 'metadata'> & { metadata?: PodLike['metadata'] };
  ready: string;
  status: string;
  restarts: string;
}

const cases: Case[] = [
  {
    name: 'test1: restarts summed, one running ready container',
    pod: {
      spec: { containers: containers(2) },
      status: {
        phase: 'podPhase',
        containerStatuses: [{ ready: true, restartCount: 3, state: running }, { restartCount: 3 }],
      },
    },
    ready: '1/2',
    status: 'podPhase',
    restarts: '6',
  },
  {
    name: 'test2: a waiting reason overrides the phase',
    pod: {
      spec: { containers: containers(2) },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { ready: true, restartCount: 3, state: running },
          { state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 },
        ],
      },
    },
    ready: '1/2',
    status: 'ContainerWaitingReason',
    restarts: '6',
  },
  {
    name: 'test3: the first container wins over a later terminated one',
    pod: {
      spec: { containers: containers(2) },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 },
          { state: { terminated: { reason: 'ContainerTerminatedReason' } }, restartCount: 3 },
        ],
      },
    },
    ready: '0/2',
    status: 'ContainerWaitingReason',
    restarts: '6',
  },
  {
    name: 'test4: ready alone does not count as running',
    pod: {
      spec: { containers: containers(2) },
      status: {
        phase: 'podPhase',
        containerStatuses: [
          { ready: true, restartCount: 3, state: running },
          { ready: true, restartCount: 3 },
        ],
      },
    },
    ready: '1/2',
    status: 'podPhase',
    restarts: '6',
  },
  {
    name: 'test5: the pod reason overrides the phase',
    pod: {
      spec: { containers: containers(2) },
      status: {
        reason: 'podReason',
        phase: 'podPhase',
        containerStatuses: [
          { ready: true, restartCount: 3, state: running },
          { ready: true, restartCount: 3 },
        ],
      },
    },
    ready: '1/2',
    status: 'podReason',
    restarts: '6',
  },
  {
    name: 'test6: completed beside running, no Ready condition: NotReady',
    pod: {
      spec: { containers: containers(2) },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            ready: true,
            restartCount: 3,
            state: { terminated: { reason: 'Completed', exitCode: 0 } },
          },
          { ready: true, restartCount: 3, state: running },
        ],
      },
    },
    ready: '1/2',
    status: 'NotReady',
    restarts: '6',
  },
  {
    name: 'test6b: completed beside running, Ready condition: Running',
    pod: {
      spec: { containers: containers(2) },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: [
          {
            ready: true,
            restartCount: 3,
            state: { terminated: { reason: 'Completed', exitCode: 0 } },
          },
          { ready: true, restartCount: 3, state: running },
        ],
      },
    },
    ready: '1/2',
    status: 'Running',
    restarts: '6',
  },
  {
    name: 'test7: a restarting init container: Init:0/1',
    pod: {
      spec: { initContainers: containers(1), containers: containers(1) },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { ready: false, restartCount: 3, state: running, lastState: finished(10) },
        ],
        containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: {} } }],
      },
    },
    ready: '0/1',
    status: 'Init:0/1',
    restarts: '3 (10s ago)',
  },
  {
    name: 'test8: first of two init containers restarting: Init:0/2',
    pod: {
      spec: { initContainers: containers(2), containers: containers(1) },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { ready: false, restartCount: 3, state: running, lastState: finished(10) },
          { ready: false, state: { waiting: {} } },
        ],
        containerStatuses: [{ ready: false, state: { waiting: {} } }],
      },
    },
    ready: '0/1',
    status: 'Init:0/2',
    restarts: '3 (10s ago)',
  },
  {
    name: 'test9: second init container restarting: Init:1/2',
    pod: {
      spec: { initContainers: containers(2), containers: containers(1) },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { ready: false, state: { terminated: {} } },
          { ready: false, restartCount: 3, state: running, lastState: finished(10) },
        ],
        containerStatuses: [{ ready: false, state: { waiting: {} } }],
      },
    },
    ready: '0/1',
    status: 'Init:1/2',
    restarts: '3 (10s ago)',
  },
  {
    name: 'test10: init restarts summed, newest termination shown',
    pod: {
      spec: { initContainers: containers(2), containers: containers(1) },
      status: {
        phase: 'podPhase',
        initContainerStatuses: [
          { ready: false, restartCount: 2, state: { terminated: {} }, lastState: finished(120) },
          { ready: false, restartCount: 3, state: running, lastState: finished(10) },
        ],
        containerStatuses: [{ ready: false, state: { waiting: {} } }],
      },
    },
    ready: '0/1',
    status: 'Init:1/2',
    restarts: '5 (10s ago)',
  },
  {
    name: 'test11: after init, only container restarts count',
    pod: {
      spec: { initContainers: containers(1), containers: containers(1) },
      status: {
        phase: 'Running',
        initContainerStatuses: [
          { ready: false, restartCount: 2, state: { terminated: {} }, lastState: finished(120) },
        ],
        containerStatuses: [
          { ready: false, restartCount: 4, state: running, lastState: finished(20) },
        ],
      },
    },
    ready: '0/1',
    status: 'Running',
    restarts: '4 (20s ago)',
  },
  {
    name: 'test12: a restart five days ago',
    pod: {
      spec: { containers: containers(1) },
      status: {
        phase: 'Running',
        containerStatuses: [
          { ready: true, restartCount: 3, state: running, lastState: finished(5 * 86400) },
        ],
      },
    },
    ready: '1/1',
    status: 'Running',
    restarts: '3 (5d ago)',
  },
  {
    name: 'test13: one container never restarted, the other ten days ago',
    pod: {
      spec: { containers: containers(2) },
      status: {
        phase: 'Running',
        containerStatuses: [
          { ready: true, restartCount: 0, state: running },
          { ready: true, restartCount: 3, state: running, lastState: finished(10 * 86400) },
        ],
      },
    },
    ready: '2/2',
    status: 'Running',
    restarts: '3 (10d ago)',
  },
  {
    name: 'test14: the newest of two restarts is shown',
    pod: {
      spec: { containers: containers(2) },
      status: {
        phase: 'Running',
        containerStatuses: [
          { ready: true, restartCount: 6, state: running, lastState: finished(5 * 86400) },
          { ready: true, restartCount: 3, state: running, lastState: finished(20 * 86400) },
        ],
      },
    },
    ready: '2/2',
    status: 'Running',
    restarts: '9 (5d ago)',
  },
  {
    name: 'test15: SchedulingGated',
    pod: {
      spec: { containers: containers(2) },
      status: {
        phase: 'podPhase',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      },
    },
    ready: '0/2',
    status: 'SchedulingGated',
    restarts: '0',
  },
  {
    name: 'test16: Succeeded shows the container reason Completed',
    pod: {
      spec: { containers: containers(1) },
      status: {
        phase: 'Succeeded',
        containerStatuses: [
          {
            ready: false,
            restartCount: 0,
            state: { terminated: { reason: 'Completed', exitCode: 0 } },
          },
        ],
      },
    },
    ready: '0/1',
    status: 'Completed',
    restarts: '0',
  },
  {
    name: 'test17: Failed shows the container reason Error',
    pod: {
      spec: { containers: containers(1) },
      status: {
        phase: 'Failed',
        containerStatuses: [
          {
            ready: false,
            restartCount: 0,
            state: { terminated: { reason: 'Error', exitCode: 1 } },
          },
        ],
      },
    },
    ready: '0/1',
    status: 'Error',
    restarts: '0',
  },
  {
    name: 'test18: a terminal pod being deleted is not Terminating',
    pod: {
      metadata: { name: 'test18', deletionTimestamp: ago(10) },
      spec: { containers: containers(1) },
      status: {
        phase: 'Succeeded',
        containerStatuses: [
          {
            ready: false,
            restartCount: 0,
            state: { terminated: { reason: 'Completed', exitCode: 0 } },
          },
        ],
      },
    },
    ready: '0/1',
    status: 'Completed',
    restarts: '0',
  },
  {
    name: 'test19: a running pod being deleted is Terminating',
    pod: {
      metadata: { name: 'test19', deletionTimestamp: ago(10) },
      spec: { containers: containers(1) },
      status: {
        phase: 'Running',
        containerStatuses: [{ ready: false, restartCount: 0, state: running }],
      },
    },
    ready: '0/1',
    status: 'Terminating',
    restarts: '0',
  },
  {
    name: 'test20: a pending pod being deleted is Terminating',
    pod: {
      metadata: { name: 'test20', deletionTimestamp: ago(10) },
      spec: { containers: containers(1) },
      status: { phase: 'Pending' },
    },
    ready: '0/1',
    status: 'Terminating',
    restarts: '0',
  },
  {
    name: 'sidecars 1: first sidecar running, not started: Init:0/2',
    pod: {
      spec: {
        initContainers: [sidecar('restartable-init-1'), sidecar('restartable-init-2')],
        containers: containers(1),
      },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'Initialized', status: 'False' }],
        initContainerStatuses: [
          {
            name: 'restartable-init-1',
            ready: false,
            restartCount: 3,
            state: running,
            started: false,
            lastState: finished(10),
          },
          { name: 'restartable-init-2', ready: false, state: { waiting: {} }, started: false },
        ],
        containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: {} } }],
      },
    },
    ready: '0/3',
    status: 'Init:0/2',
    restarts: '3 (10s ago)',
  },
  {
    name: 'sidecars 2: first started, second not: Init:1/2',
    pod: {
      spec: {
        initContainers: [sidecar('restartable-init-1'), sidecar('restartable-init-2')],
        containers: containers(1),
      },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'Initialized', status: 'False' }],
        initContainerStatuses: [
          {
            name: 'restartable-init-1',
            ready: false,
            restartCount: 3,
            state: running,
            started: true,
            lastState: finished(10),
          },
          { name: 'restartable-init-2', ready: false, state: running, started: false },
        ],
        containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: {} } }],
      },
    },
    ready: '0/3',
    status: 'Init:1/2',
    restarts: '3 (10s ago)',
  },
  {
    name: 'sidecars 3: both started, the container running',
    pod: {
      spec: {
        initContainers: [sidecar('restartable-init-1'), sidecar('restartable-init-2')],
        containers: containers(1),
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          {
            name: 'restartable-init-1',
            ready: false,
            restartCount: 3,
            state: running,
            started: true,
            lastState: finished(10),
          },
          { name: 'restartable-init-2', ready: false, state: running, started: true },
        ],
        containerStatuses: [
          { ready: true, restartCount: 4, state: running, lastState: finished(20) },
        ],
      },
    },
    ready: '1/3',
    status: 'Running',
    restarts: '7 (10s ago)',
  },
  {
    name: 'sidecars 4: sidecars failed with 137, the container Completed',
    pod: {
      spec: {
        initContainers: [sidecar('restartable-init-1'), sidecar('restartable-init-2')],
        containers: containers(1),
      },
      status: {
        phase: 'Succeeded',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          {
            name: 'restartable-init-1',
            ready: false,
            restartCount: 3,
            state: { terminated: { reason: 'Error', exitCode: 137 } },
            started: false,
            lastState: finished(10),
          },
          {
            name: 'restartable-init-2',
            ready: false,
            state: { terminated: { reason: 'Error', exitCode: 137 } },
            started: false,
          },
        ],
        containerStatuses: [
          {
            ready: false,
            restartCount: 4,
            state: { terminated: { reason: 'Completed', exitCode: 0 } },
            lastState: finished(20),
          },
        ],
      },
    },
    ready: '0/3',
    status: 'Completed',
    restarts: '7 (10s ago)',
  },
  {
    name: 'sidecars 5: statuses for containers the spec does not have',
    pod: {
      spec: {
        initContainers: [{ name: 'init1' }, sidecar('sidecar1')],
        containers: [{ name: 'container1' }],
      },
      status: {
        phase: 'Running',
        initContainerStatuses: [{ name: 'initinvalid' }, { name: 'init1' }, { name: 'sidecar1' }],
        containerStatuses: [{ name: 'containerinvalid' }, { name: 'container1' }],
      },
    },
    ready: '0/2',
    status: 'Init:0/2',
    restarts: '0',
  },
];

describe('pod READY/STATUS/RESTARTS (printers.go printPod)', () => {
  it.each(cases)('$name', ({ pod, ready, status, restarts }) => {
    const summary = podSummary({ metadata: { name: 'p' }, ...pod }, now);
    expect(summary).toMatchObject({ ready, status, restarts });
  });

  it('CrashLoopBackOff with the last crash time, as on a live cluster', () => {
    const summary = podSummary(
      {
        metadata: { name: 'backend' },
        spec: { containers: [{ name: 'backend' }] },
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'backend',
              ready: false,
              restartCount: 7,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { reason: 'Error', exitCode: 3, finishedAt: ago(95) } },
            },
          ],
        },
      },
      now,
    );
    expect(summary).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '7 (95s ago)' });
  });

  it('marks terminal pods with a Completed row condition', () => {
    expect(
      podSummary({ metadata: { name: 'p' }, status: { phase: 'Failed' } }, now).completed,
    ).toBe('Failed');
    expect(
      podSummary({ metadata: { name: 'p' }, status: { phase: 'Running' } }, now).completed,
    ).toBeUndefined();
  });
});
