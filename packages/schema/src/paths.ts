import { resourceKindByDir } from './resources.js';

/**
 * Every path inside a bundle (relative to the bundle root, '/'-separated). Both tools
 * build paths only through these functions, so no path is spelled twice and
 * docs/bundle-format.md can be checked against them.
 */

export const manifestPath = 'manifest.json';
export const versionYamlPath = 'version.yaml';
export const clusterVersionPath = 'cluster-info/cluster_version.json';
export const hostCertificatesPath = 'host/certificates.json';

/** Bundle names sort by time: studio-bundle-20261125T113914Z. */
export function bundleName(collectedAt: Date): string {
  const stamp = collectedAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `studio-bundle-${stamp}`;
}

function segment(value: string, what: string): string {
  if (
    value === '' ||
    value === '.' ||
    value === '..' ||
    value.includes('/') ||
    value.includes('\0')
  ) {
    throw new Error(
      `bundle path: ${what} must be a single path segment, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function knownDir(dir: string, namespaced: boolean): string {
  const kind = resourceKindByDir(dir);
  if (!kind || kind.namespaced !== namespaced) {
    throw new Error(
      `bundle path: no ${namespaced ? 'namespaced' : 'cluster-scoped'} resource folder "${dir}"`,
    );
  }
  return dir;
}

/** cluster-resources/<dir>/<namespace>.json, e.g. cluster-resources/pods/datachain-studio.json */
export function namespacedListPath(dir: string, namespace: string): string {
  return `cluster-resources/${knownDir(dir, true)}/${segment(namespace, 'namespace')}.json`;
}

/** cluster-resources/<dir>.json, e.g. cluster-resources/nodes.json */
export function clusterListPath(dir: string): string {
  return `cluster-resources/${knownDir(dir, false)}.json`;
}

/**
 * The same layout for any folder troubleshoot writes, including kinds outside our format
 * (cronjobs, pvs, roles, ...): cluster-resources/<dir>/<namespace>.json, or
 * cluster-resources/<dir>.json when no namespace is given. `studio-analyze serve` reads
 * foreign bundles through it.
 */
export function troubleshootListPath(dir: string, namespace?: string): string {
  const folder = `cluster-resources/${segment(dir, 'resource folder')}`;
  return namespace === undefined
    ? `${folder}.json`
    : `${folder}/${segment(namespace, 'namespace')}.json`;
}

/** cluster-resources/pods/logs/<ns>/<pod>/<container>[-previous].log */
export function podLogPath(
  namespace: string,
  pod: string,
  container: string,
  previous: boolean,
): string {
  const file = `${segment(container, 'container')}${previous ? '-previous' : ''}.log`;
  return `cluster-resources/pods/logs/${segment(namespace, 'namespace')}/${segment(pod, 'pod')}/${file}`;
}

/** Parses a pod log path back into its parts; undefined when it is not one. */
export function parsePodLogPath(
  path: string,
): { namespace: string; pod: string; container: string; previous: boolean } | undefined {
  const m = /^cluster-resources\/pods\/logs\/([^/]+)\/([^/]+)\/([^/]+?)(-previous)?\.log$/.exec(
    path,
  );
  if (!m) return undefined;
  return { namespace: m[1]!, pod: m[2]!, container: m[3]!, previous: m[4] !== undefined };
}

/** secrets/<namespace>.json: secret metadata only. */
export function secretsMetadataPath(namespace: string): string {
  return `secrets/${segment(namespace, 'namespace')}.json`;
}

/** certificates/<namespace>.json */
export function certificatesPath(namespace: string): string {
  return `certificates/${segment(namespace, 'namespace')}.json`;
}

/** health/<namespace>/<pod>.json (--probe-health) */
export function healthProbePath(namespace: string, pod: string): string {
  return `health/${segment(namespace, 'namespace')}/${segment(pod, 'pod')}.json`;
}

/** metrics/nodes.json: the metrics API's NodeMetricsList (`kubectl top nodes`). */
export const nodeMetricsPath = 'metrics/nodes.json';

/** metrics/pods/<namespace>.json: the metrics API's PodMetricsList (`kubectl top pods -n`). */
export function podMetricsPath(namespace: string): string {
  return `metrics/pods/${segment(namespace, 'namespace')}.json`;
}

/** metrics/node-allocations.json: per node, requests and limits summed over all its pods. */
export const nodeAllocationsPath = 'metrics/node-allocations.json';

/** exec/<namespace>/<pod>/<check>.txt: stdout of an in-pod check (--exec-checks), redacted. */
export function execOutputPath(namespace: string, pod: string, check: string): string {
  return `exec/${segment(namespace, 'namespace')}/${segment(pod, 'pod')}/${segment(check, 'check id')}.txt`;
}

/** exec/<namespace>/<pod>/<check>.json: how the check ran (exec-check.schema.json). */
export function execResultPath(namespace: string, pod: string, check: string): string {
  return `exec/${segment(namespace, 'namespace')}/${segment(pod, 'pod')}/${segment(check, 'check id')}.json`;
}

/** Parses an exec check path (.txt or .json) back into its parts; undefined when it is not one. */
export function parseExecPath(
  path: string,
): { namespace: string; pod: string; check: string; file: 'txt' | 'json' } | undefined {
  const m = /^exec\/([^/]+)\/([^/]+)\/([^/]+)\.(txt|json)$/.exec(path);
  if (!m) return undefined;
  return { namespace: m[1]!, pod: m[2]!, check: m[3]!, file: m[4] as 'txt' | 'json' };
}

/** ingress-metrics/<namespace>/<pod>.json: the Studio series of an ingress-nginx controller's /metrics. */
export function ingressMetricsPath(namespace: string, pod: string): string {
  return `ingress-metrics/${segment(namespace, 'namespace')}/${segment(pod, 'pod')}.json`;
}

/** prometheus/queries.json: the guide's alert expressions and firing ALERTS (--prometheus). */
export const prometheusQueriesPath = 'prometheus/queries.json';

/** host/commands/<id>.txt (stdout) */
export function hostCommandOutputPath(id: string): string {
  return `host/commands/${segment(id, 'command id')}.txt`;
}

/** host/commands/<id>.json (how it ran) */
export function hostCommandResultPath(id: string): string {
  return `host/commands/${segment(id, 'command id')}.json`;
}

/** host/files/<absolute path without the leading />, e.g. host/files/var/log/nginx/error.log */
export function hostFilePath(absolutePath: string): string {
  if (!absolutePath.startsWith('/')) {
    throw new Error(`bundle path: host file must be absolute, got ${JSON.stringify(absolutePath)}`);
  }
  const parts = absolutePath
    .slice(1)
    .split('/')
    .filter((p) => p !== '');
  return `host/files/${parts.map((p) => segment(p, 'file path segment')).join('/')}`;
}

/**
 * Scenario trees only (never in a bundle): full Secret objects with data, served by
 * `studio-analyze serve` so the collector's secret handling meets real-shaped data.
 */
export function scenarioSecretsPath(namespace: string): string {
  return `cluster-resources/secrets/${segment(namespace, 'namespace')}.json`;
}
