import type { TailCaps } from '../../bundle/index.js';
import type { Executor } from '../../host/executor.js';
import type { NginxConfigFiles } from './nginx-config-files.js';

/** The knobs of a host collection (recorded in the manifest's options). */
export interface HostSettings {
  /** Deadline of each command. */
  commandTimeoutMs: number;
  /** Caps on each command's stored stdout (newest lines kept). */
  outputCaps: TailCaps;
  /** `journalctl -n` and `docker logs --tail`: lines asked of the host. */
  logLines: number;
  /** Bytes of each nginx log read from its end (`tail -c`), never more. */
  logTailBytes: number;
  /** Bytes of each nginx configuration file or certificate read at most. */
  configFileMaxBytes: number;
  /** nginx's main configuration file; its directory is collected. */
  nginxConf: string;
  /** Base URL of the Studio backend on the host, for /health, /health/ready, /health/live. */
  healthUrl: string;
}

export const defaultNginxConf = '/etc/nginx/nginx.conf';

export const defaultHostSettings: HostSettings = {
  commandTimeoutMs: 60_000,
  outputCaps: { maxBytes: 10 << 20, maxLines: 50_000 },
  logLines: 5000,
  logTailBytes: 10 << 20,
  configFileMaxBytes: 1 << 20,
  nginxConf: defaultNginxConf,
  healthUrl: 'http://localhost:8000',
};

/** What every host collector gets. */
export interface HostEnv {
  executor: Executor;
  settings: HostSettings;
  /** Durations recorded as 0 (--deterministic). */
  deterministic: boolean;
  /** The nginx configuration, listed and read once for the collectors that need it. */
  nginxConfig: () => Promise<NginxConfigFiles>;
}
