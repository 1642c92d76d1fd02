import { describe, expect, it } from 'vitest';
import { logTargets } from './log-targets.js';

const pod = (statuses: object[], init: object[] = []) => ({
  spec: {
    initContainers: init.map((s) => ({ name: (s as { name: string }).name })),
    containers: statuses.map((s) => ({ name: (s as { name: string }).name })),
  },
  status: { initContainerStatuses: init, containerStatuses: statuses },
});

describe('logTargets', () => {
  it('asks for current logs of running containers and previous ones after a restart', () => {
    expect(
      logTargets(
        pod(
          [
            { name: 'api', restartCount: 0, state: { running: {} } },
            {
              name: 'worker',
              restartCount: 4,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 1 } },
            },
            {
              name: 'sidecar',
              restartCount: 0,
              state: { waiting: { reason: 'ImagePullBackOff' } },
            },
          ],
          [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0 } } }],
        ),
      ),
    ).toEqual([
      { container: 'migrate', previous: false },
      { container: 'api', previous: false },
      { container: 'worker', previous: false },
      { container: 'worker', previous: true },
    ]);
  });

  it('asks for nothing when the pod was never scheduled', () => {
    expect(
      logTargets({ spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } }),
    ).toEqual([]);
  });
});
