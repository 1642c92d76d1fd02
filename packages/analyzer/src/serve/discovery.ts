import { groupVersionOf, type ServedKind } from './kinds.js';

/**
 * Legacy discovery documents (/api, /apis, /api/v1, /apis/{g}/{v}) over the kinds a bundle
 * serves. kubectl asks for the aggregated form first and falls back to these when the answer
 * is plain JSON.
 */

/** Kinds in the "all" category, as the API server groups them for `kubectl get all` (group/plural). */
const categoryAll = new Set([
  '/pods',
  '/replicationcontrollers',
  '/services',
  'apps/daemonsets',
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'autoscaling/horizontalpodautoscalers',
  'batch/cronjobs',
  'batch/jobs',
]);

/** Verbs advertised: exactly what a read-only server answers. */
const verbs = ['get', 'list'];

function groups(kinds: readonly ServedKind[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const k of kinds) {
    if (k.group === '') continue;
    const versions = out.get(k.group) ?? [];
    if (!versions.includes(k.version)) versions.push(k.version);
    out.set(k.group, versions);
  }
  return out;
}

function groupDoc(name: string, versions: string[]) {
  const list = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: list, preferredVersion: list[0]! };
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(kinds: readonly ServedKind[]) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups(kinds)].map(([name, versions]) => groupDoc(name, versions)),
  };
}

export function apiGroup(kinds: readonly ServedKind[], group: string) {
  const versions = groups(kinds).get(group);
  return versions && { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(group, versions) };
}

function resourceDoc(k: ServedKind) {
  return {
    name: k.resource,
    singularName: k.kind.toLowerCase(),
    namespaced: k.namespaced,
    kind: k.kind,
    verbs,
    ...(k.shortNames && { shortNames: k.shortNames }),
    ...(categoryAll.has(`${k.group}/${k.resource}`) && { categories: ['all'] }),
  };
}

export function apiResourceList(served: readonly ServedKind[], group: string, version: string) {
  const kinds = served.filter((k) => k.group === group && k.version === version);
  if (kinds.length === 0) return undefined;
  const resources: object[] = kinds.map(resourceDoc);
  if (group === '') {
    resources.push({
      name: 'pods/log',
      singularName: '',
      namespaced: true,
      kind: 'Pod',
      verbs: ['get'],
    });
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersionOf({ group, version }),
    resources,
  };
}

export function rootPaths(kinds: readonly ServedKind[]) {
  const paths = ['/api', '/api/v1', '/apis', '/healthz', '/livez', '/readyz', '/version'];
  for (const [name, versions] of groups(kinds)) {
    paths.push(`/apis/${name}`, ...versions.map((v) => `/apis/${name}/${v}`));
  }
  return { paths: paths.sort() };
}
