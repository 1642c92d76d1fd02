import { schemaObjects } from './generated/schemas.js';
import type { CauseId } from './generated/types.js';

/** Every cause id, in the order of docs/causes.md. */
export const causeIds: readonly CauseId[] = schemaObjects.causes.enum;

/** Where a cause sits in the stack; the ranking prefers deeper layers on ties. */
export const causeLayers = {
  'image-pull-auth': 'image',
  'image-not-found': 'image',
  'registry-unreachable': 'image',
  'image-version-mismatch': 'image',
  'config-missing': 'startup',
  'database-unreachable': 'database',
  'database-auth': 'database',
  'database-exhausted': 'database',
  'redis-unreachable': 'redis',
  'redis-auth': 'redis',
  'oom-killed': 'resources',
  'insufficient-resources': 'resources',
  'app-crash': 'backend',
  'app-unready': 'backend',
  'app-overloaded': 'backend',
  'service-selector-mismatch': 'network',
  'service-port-mismatch': 'network',
  'dns-failure': 'network',
  'ingress-misconfigured': 'ingress',
  'ingress-controller-down': 'ingress',
  'upstream-protocol-mismatch': 'ingress',
  'upstream-header-too-big': 'ingress',
  'tls-cert-expired': 'tls',
  'tls-cert-not-yet-valid': 'tls',
  'tls-secret-missing': 'tls',
  'tls-hostname-mismatch': 'tls',
  'systemd-unit-failed': 'host',
  'container-down': 'host',
  'docker-daemon-down': 'host',
  'nginx-config-invalid': 'host',
  'disk-full': 'host',
  'host-oom': 'host',
} as const satisfies Record<CauseId, string>;

export type CauseLayer = (typeof causeLayers)[CauseId];

export function isCauseId(value: string): value is CauseId {
  return (causeIds as readonly string[]).includes(value);
}
