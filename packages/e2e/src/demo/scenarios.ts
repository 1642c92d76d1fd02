import type { HostScenario } from '@studio-support/collector/testing';
import type { CauseId, Report } from '@studio-support/schema';
import { brokenStudioCluster, healthyStudio } from '../collect-k8s/scenarios.js';
import type { Scenario } from '../scenario/index.js';

interface Common {
  name: string;
  /** One line for --list. */
  summary: string;
  /** What the analyzer must conclude: the demo fails when it does not. */
  expect: { verdict: Report['verdict']; cause?: CauseId };
}

export interface ClusterDemo extends Common {
  target: 'kubernetes';
  /** The cluster state, built relative to now so that it is fresh when collected. */
  build(now: Date): Promise<Scenario>;
}

export interface HostDemo extends Common {
  target: 'host';
  /** What systemctl, journalctl and docker answer on the VM (packages/collector/src/testing/scenarios). */
  host: HostScenario;
}

export type Demo = ClusterDemo | HostDemo;

/** The demo's scenarios; the first is the default. */
export const demos: readonly Demo[] = [
  {
    name: 'broken-studio',
    target: 'kubernetes',
    summary:
      'Kubernetes: the PostgreSQL Service selects no pods, the backend crash-loops, nginx answers 502',
    expect: { verdict: 'cause-found', cause: 'service-selector-mismatch' },
    build: brokenStudioCluster,
  },
  {
    name: 'healthy',
    target: 'kubernetes',
    summary: 'Kubernetes: every Studio pod Ready behind a TLS Ingress',
    expect: { verdict: 'healthy' },
    build: async (now) => (await healthyStudio(now)).scenario,
  },
  {
    name: 'vm-docker-down',
    target: 'host',
    summary:
      'VM: the Docker daemon is down, so the Studio unit fails and nginx has no upstream (local sshd, or --local)',
    expect: { verdict: 'cause-found', cause: 'docker-daemon-down' },
    host: 'docker-down',
  },
  {
    name: 'vm-unit-failed',
    target: 'host',
    summary: 'VM: the datachain-studio systemd unit failed (local sshd, or --local)',
    expect: { verdict: 'cause-found', cause: 'systemd-unit-failed' },
    host: 'unit-failed',
  },
];

export function findDemo(name: string): Demo | undefined {
  return demos.find((d) => d.name === name);
}
