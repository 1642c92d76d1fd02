import type { Collector } from '../../bundle/index.js';
import { certificates } from './certificates.js';
import { docker } from './docker.js';
import type { HostEnv } from './env.js';
import { health } from './health.js';
import { journal } from './journal.js';
import { nginx } from './nginx.js';
import { resources } from './resources.js';
import { systemd } from './systemd.js';

export { defaultHostSettings, type HostEnv, type HostSettings } from './env.js';

/** Every host collector, in the order the manifest lists them. */
export const hostCollectors: readonly Collector<HostEnv>[] = [
  systemd,
  journal,
  docker,
  nginx,
  certificates,
  resources,
  health,
];
