import {
  nodeMetricsPath,
  podMetricsPath,
  resourceKinds,
  type ResourceKind,
} from '@studio-support/schema';

/**
 * A kind the server answers. Every kind of the bundle format (`resourceKinds`) plus the
 * ones a real API server has and kubectl or troubleshoot bundles reach for: Secrets
 * (served from secrets/<ns>.json metadata, or full objects in scenario trees),
 * replicationcontrollers (`kubectl cluster-info dump` lists them), and the folders
 * troubleshoot writes that our bundles do not. A kind with no file in the tree answers
 * empty lists, as a real cluster without such objects would.
 */
export interface ServedKind {
  group: string;
  version: string;
  kind: string;
  resource: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Folders (namespaced) or file stems (cluster-scoped) under cluster-resources/, first wins. */
  dirs: string[];
  /** Where the List file is when not under cluster-resources/ (namespace '_' names the folder). */
  listPath?: (namespace?: string) => string;
  /**
   * Served (and discoverable) only when the tree holds its files, as an aggregated API exists
   * only when its server is installed: a bundle without metrics is a cluster without
   * metrics-server, and kubectl top says so.
   */
  onlyWhenPresent?: boolean;
  /** The API server's default NAME/CREATED AT table, never a core printer of the same plural. */
  defaultTable?: boolean;
}

/** Folder names older troubleshoot versions used for the same kinds. */
const dirAliases: Record<string, string[]> = {
  'resource-quota': ['resource-quotas'],
};

type Extra = Omit<ServedKind, 'dirs'> & { dirs?: string[] };

/** metrics-server's API (what `kubectl top` reads), from metrics/ in our bundles. */
export const metricsGroup = 'metrics.k8s.io';

const extras: Extra[] = [
  {
    group: metricsGroup,
    version: 'v1beta1',
    kind: 'NodeMetrics',
    resource: 'nodes',
    namespaced: false,
    listPath: () => nodeMetricsPath,
    onlyWhenPresent: true,
    defaultTable: true,
  },
  {
    group: metricsGroup,
    version: 'v1beta1',
    kind: 'PodMetrics',
    resource: 'pods',
    namespaced: true,
    listPath: (namespace) => podMetricsPath(namespace ?? '_'),
    onlyWhenPresent: true,
    defaultTable: true,
  },
  { group: '', version: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true },
  {
    group: '',
    version: 'v1',
    kind: 'ReplicationController',
    resource: 'replicationcontrollers',
    namespaced: true,
    shortNames: ['rc'],
  },
  {
    group: '',
    version: 'v1',
    kind: 'PersistentVolume',
    resource: 'persistentvolumes',
    namespaced: false,
    shortNames: ['pv'],
    dirs: ['pvs'],
  },
  {
    group: 'batch',
    version: 'v1',
    kind: 'CronJob',
    resource: 'cronjobs',
    namespaced: true,
    shortNames: ['cj'],
    dirs: ['cronjobs'],
  },
  {
    group: 'discovery.k8s.io',
    version: 'v1',
    kind: 'EndpointSlice',
    resource: 'endpointslices',
    namespaced: true,
    dirs: ['endpointslices'],
  },
  {
    group: 'policy',
    version: 'v1',
    kind: 'PodDisruptionBudget',
    resource: 'poddisruptionbudgets',
    namespaced: true,
    shortNames: ['pdb'],
    dirs: ['pod-disruption-budgets'],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'Role',
    resource: 'roles',
    namespaced: true,
    dirs: ['roles'],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'RoleBinding',
    resource: 'rolebindings',
    namespaced: true,
    dirs: ['rolebindings'],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRole',
    resource: 'clusterroles',
    namespaced: false,
    dirs: ['clusterroles'],
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    kind: 'ClusterRoleBinding',
    resource: 'clusterrolebindings',
    namespaced: false,
    dirs: ['clusterrolebindings', 'clusterRoleBindings'],
  },
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    kind: 'Lease',
    resource: 'leases',
    namespaced: true,
    dirs: ['leases'],
  },
  {
    group: 'scheduling.k8s.io',
    version: 'v1',
    kind: 'PriorityClass',
    resource: 'priorityclasses',
    namespaced: false,
    shortNames: ['pc'],
    dirs: ['priorityclasses'],
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    kind: 'CustomResourceDefinition',
    resource: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    dirs: ['custom-resource-definitions'],
  },
];

function fromBundleFormat(k: ResourceKind): ServedKind {
  const { dir, ...rest } = k;
  return { ...rest, dirs: [dir, ...(dirAliases[dir] ?? [])] };
}

export const servedKinds: readonly ServedKind[] = [
  ...resourceKinds.map(fromBundleFormat),
  ...extras.map((e) => ({ ...e, dirs: e.dirs ?? [] })),
];

export function groupVersionOf(k: { group: string; version: string }): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

/** The kind served at /api/v1 (group '') or /apis/{group}/{version}, by plural. */
export function findServedKind(
  group: string,
  version: string,
  resource: string,
): ServedKind | undefined {
  return servedKinds.find(
    (k) => k.group === group && k.version === version && k.resource === resource,
  );
}
