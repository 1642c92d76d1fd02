import {
  certificatesPath,
  hostCommandResultPath,
  hostFilePath,
  namespacedListPath,
  secretsMetadataPath,
} from '@studio-support/schema';
import type { FactContext } from './context.js';
import type { Facts, FactCollection, FactItem } from './types.js';

export const missingCollection: FactCollection = {
  name: 'missing',
  doc: 'Evidence the bundle lacks: collector errors from the manifest, expected files that are absent, unreadable or too large.',
  fields: {
    what: { type: 'string', doc: 'What is missing, in words.' },
    path: { type: 'string', doc: 'Bundle path it would be at.' },
    reason: { type: 'string', doc: 'Why (the collector error, "not in the bundle", …).' },
    decides: { type: 'strings', doc: 'Cause ids this evidence would confirm or rule out.' },
  },
};

const podLogCauses = [
  'database-unreachable',
  'database-auth',
  'database-exhausted',
  'redis-unreachable',
  'redis-auth',
  'app-crash',
  'config-missing',
  'app-overloaded',
];
const nginxCauses = [
  'app-overloaded',
  'dns-failure',
  'ingress-misconfigured',
  'upstream-protocol-mismatch',
  'upstream-header-too-big',
  'service-port-mismatch',
];

/** Which causes each kind of evidence decides, by the list folder or command id. */
const decidesByList: Record<string, string[]> = {
  pods: [
    'image-pull-auth',
    'image-not-found',
    'registry-unreachable',
    'config-missing',
    'oom-killed',
    'insufficient-resources',
    'app-crash',
    'app-unready',
  ],
  events: [
    'image-pull-auth',
    'image-not-found',
    'registry-unreachable',
    'config-missing',
    'insufficient-resources',
    'app-unready',
  ],
  services: ['service-selector-mismatch', 'service-port-mismatch'],
  endpoints: ['service-selector-mismatch', 'app-unready'],
  ingress: ['ingress-misconfigured', 'tls-secret-missing', 'tls-hostname-mismatch'],
  deployments: ['image-version-mismatch'],
};

const decidesByCommand: Record<string, string[]> = {
  'systemctl-status-datachain-studio': ['systemd-unit-failed'],
  'journalctl-datachain-studio': ['systemd-unit-failed', ...podLogCauses],
  'journalctl-docker': ['docker-daemon-down'],
  'journalctl-kernel': ['host-oom'],
  'docker-ps': ['container-down', 'docker-daemon-down'],
  'docker-inspect': ['container-down', 'oom-killed'],
  'nginx-t': ['nginx-config-invalid'],
  df: ['disk-full'],
  free: ['host-oom'],
  'curl-health': ['app-unready'],
};

function decidesFor(path: string | undefined): string[] {
  if (!path) return [];
  const list = /^cluster-resources\/([^/]+)\/[^/]+\.json$/.exec(path)?.[1];
  if (list) return decidesByList[list] ?? [];
  if (path.startsWith('cluster-resources/pods/logs/')) return podLogCauses;
  if (path.startsWith('certificates/'))
    return ['tls-cert-expired', 'tls-cert-not-yet-valid', 'tls-hostname-mismatch'];
  if (path.startsWith('secrets/'))
    return ['tls-secret-missing', 'config-missing', 'image-pull-auth'];
  const command = /^host\/commands\/([^/]+)\.(?:txt|json)$/.exec(path)?.[1];
  if (command)
    return decidesByCommand[command] ?? (command.startsWith('docker-logs-') ? podLogCauses : []);
  if (path.startsWith('host/files/var/log/nginx/')) return nginxCauses;
  if (path.startsWith('exec/')) {
    return [
      'database-unreachable',
      'database-auth',
      'redis-unreachable',
      'redis-auth',
      'dns-failure',
      'app-unready',
    ];
  }
  if (path.startsWith('metrics/')) return ['oom-killed', 'insufficient-resources'];
  return [];
}

const studioApp = new Set(['backend', 'frontend', 'worker', 'database', 'redis']);

/** A bundle path in words: "events in datachain-studio", "output of docker-ps". */
function describe(path: string): string {
  const list = /^cluster-resources\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (list) return `${list[1]} in ${list[2]}`;
  const log = /^cluster-resources\/pods\/logs\/[^/]+\/([^/]+)\/([^/]+?)(-previous)?\.log$/.exec(
    path,
  );
  if (log) return `${log[3] ? 'previous ' : ''}log of ${log[1]}/${log[2]}`;
  const command = /^host\/commands\/([^/]+)\.(?:txt|json)$/.exec(path);
  if (command) return `output of ${command[1]}`;
  if (path.startsWith('secrets/')) return `secret metadata in ${path.slice(8, -5)}`;
  const exec = /^exec\/[^/]+\/([^/]+)\/([^/]+)\.(?:txt|json)$/.exec(path);
  if (exec) return `in-pod check ${exec[2]} in ${exec[1]}`;
  if (path.startsWith('certificates/')) return `certificates in ${path.slice(13, -5)}`;
  return path;
}

export function buildMissing(ctx: FactContext, facts: Facts): FactItem[] {
  const out: FactItem[] = [];
  const seen = new Set<string>();
  const add = (
    what: string,
    path: string | undefined,
    reason: string,
    decides = decidesFor(path),
  ): void => {
    // One entry per path: the collector's own error about a file beats "not in the bundle".
    const key = path ?? what;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ what, path, reason, decides, evidence: path ? [{ path, excerpt: reason }] : [] });
  };

  // What the collector itself says it could not get.
  for (const c of ctx.manifest?.collectors ?? []) {
    if (c.status === 'skipped') add(`${c.id} (skipped)`, undefined, c.reason ?? 'skipped', []);
    for (const e of c.errors) {
      const status = e.httpStatus
        ? ` (HTTP ${e.httpStatus})`
        : e.exitCode !== undefined
          ? ` (exit code ${e.exitCode})`
          : '';
      add(e.path ? describe(e.path) : c.id, e.path, `${e.message}${status}`);
    }
  }
  for (const [path, reason] of ctx.unreadable) add(describe(path), path, `unreadable: ${reason}`);
  for (const path of ctx.bundle.oversized) add(describe(path), path, 'too large to read');

  const absent = (path: string): void => {
    if (!ctx.has(path)) add(describe(path), path, 'not in the bundle');
  };
  if (ctx.target === 'kubernetes') {
    for (const ns of ctx.namespaces) {
      for (const dir of Object.keys(decidesByList)) {
        const path =
          ctx.bundle.format === 'cluster-info-dump'
            ? ctx.listPath(dir, ns)
            : namespacedListPath(dir, ns);
        absent(path);
      }
      if (ctx.bundle.format === 'studio') {
        absent(secretsMetadataPath(ns));
        absent(certificatesPath(ns));
      }
    }
    for (const c of facts.containers ?? []) {
      if (!studioApp.has(String(c.component)) || c.state === 'unknown') continue;
      if (c.state !== 'waiting' && c.logPath === undefined) {
        add(
          `log of ${String(c.pod)}/${String(c.name)}`,
          undefined,
          'not in the bundle',
          podLogCauses,
        );
      }
      if ((c.restartCount as number) > 0 && c.previousLogPath === undefined) {
        add(
          `previous log of ${String(c.pod)}/${String(c.name)} (it restarted)`,
          undefined,
          'not in the bundle',
          podLogCauses,
        );
      }
    }
    const controllerLogs = (facts.logs ?? []).some((l) => l.component === 'ingress-controller');
    if (!controllerLogs) {
      const target = ctx.manifest?.target;
      add(
        'ingress controller logs',
        undefined,
        target?.kind === 'kubernetes' && target.ingressControllerNamespace === null
          ? 'the collector found no ingress controller'
          : 'not in the bundle',
        nginxCauses,
      );
    }
  } else {
    for (const id of Object.keys(decidesByCommand)) {
      const path = hostCommandResultPath(id);
      const cmd = (facts.hostCommands ?? []).find((c) => c.id === id);
      if (!cmd) absent(path);
      else if (cmd.missing)
        add(
          `output of ${id}`,
          path,
          `${String((cmd.argv as string[])[0])} is not installed on the host`,
        );
      else if (cmd.timedOut) add(`output of ${id}`, path, 'the command timed out');
    }
    absent(hostFilePath('/var/log/nginx/error.log'));
  }
  return out;
}
