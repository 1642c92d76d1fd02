/**
 * The Kubernetes kinds a bundle holds, and where. `dir` is troubleshoot's folder name
 * under cluster-resources/ (so troubleshoot tooling reads our bundles and we read
 * theirs); `resource` is the API's plural. The collector lists exactly these, serve
 * answers exactly these (plus discoverable kinds with empty lists).
 */
export interface ResourceKind {
  /** Folder (namespaced) or file stem (cluster-scoped) under cluster-resources/. */
  dir: string;
  /** API group; '' for the core group. */
  group: string;
  version: string;
  kind: string;
  /** The API's plural resource name, as in URLs. */
  resource: string;
  namespaced: boolean;
  shortNames?: string[];
}

export const resourceKinds: readonly ResourceKind[] = [
  {
    dir: 'pods',
    group: '',
    version: 'v1',
    kind: 'Pod',
    resource: 'pods',
    namespaced: true,
    shortNames: ['po'],
  },
  {
    dir: 'events',
    group: '',
    version: 'v1',
    kind: 'Event',
    resource: 'events',
    namespaced: true,
    shortNames: ['ev'],
  },
  {
    dir: 'services',
    group: '',
    version: 'v1',
    kind: 'Service',
    resource: 'services',
    namespaced: true,
    shortNames: ['svc'],
  },
  {
    dir: 'endpoints',
    group: '',
    version: 'v1',
    kind: 'Endpoints',
    resource: 'endpoints',
    namespaced: true,
    shortNames: ['ep'],
  },
  {
    dir: 'configmaps',
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    resource: 'configmaps',
    namespaced: true,
    shortNames: ['cm'],
  },
  {
    dir: 'pvcs',
    group: '',
    version: 'v1',
    kind: 'PersistentVolumeClaim',
    resource: 'persistentvolumeclaims',
    namespaced: true,
    shortNames: ['pvc'],
  },
  {
    dir: 'resource-quota',
    group: '',
    version: 'v1',
    kind: 'ResourceQuota',
    resource: 'resourcequotas',
    namespaced: true,
    shortNames: ['quota'],
  },
  {
    dir: 'limitranges',
    group: '',
    version: 'v1',
    kind: 'LimitRange',
    resource: 'limitranges',
    namespaced: true,
    shortNames: ['limits'],
  },
  {
    dir: 'serviceaccounts',
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    resource: 'serviceaccounts',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    dir: 'deployments',
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    resource: 'deployments',
    namespaced: true,
    shortNames: ['deploy'],
  },
  {
    dir: 'replicasets',
    group: 'apps',
    version: 'v1',
    kind: 'ReplicaSet',
    resource: 'replicasets',
    namespaced: true,
    shortNames: ['rs'],
  },
  {
    dir: 'statefulsets',
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    resource: 'statefulsets',
    namespaced: true,
    shortNames: ['sts'],
  },
  {
    dir: 'daemonsets',
    group: 'apps',
    version: 'v1',
    kind: 'DaemonSet',
    resource: 'daemonsets',
    namespaced: true,
    shortNames: ['ds'],
  },
  { dir: 'jobs', group: 'batch', version: 'v1', kind: 'Job', resource: 'jobs', namespaced: true },
  {
    dir: 'ingress',
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'Ingress',
    resource: 'ingresses',
    namespaced: true,
    shortNames: ['ing'],
  },
  {
    dir: 'network-policy',
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    resource: 'networkpolicies',
    namespaced: true,
    shortNames: ['netpol'],
  },
  {
    dir: 'horizontal-pod-autoscalers',
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    resource: 'horizontalpodautoscalers',
    namespaced: true,
    shortNames: ['hpa'],
  },
  {
    dir: 'namespaces',
    group: '',
    version: 'v1',
    kind: 'Namespace',
    resource: 'namespaces',
    namespaced: false,
    shortNames: ['ns'],
  },
  {
    dir: 'nodes',
    group: '',
    version: 'v1',
    kind: 'Node',
    resource: 'nodes',
    namespaced: false,
    shortNames: ['no'],
  },
  {
    dir: 'ingress-classes',
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'IngressClass',
    resource: 'ingressclasses',
    namespaced: false,
  },
  {
    dir: 'storage-classes',
    group: 'storage.k8s.io',
    version: 'v1',
    kind: 'StorageClass',
    resource: 'storageclasses',
    namespaced: false,
    shortNames: ['sc'],
  },
];

export function apiVersionOf(kind: ResourceKind): string {
  return kind.group ? `${kind.group}/${kind.version}` : kind.version;
}

export function resourceKindByDir(dir: string): ResourceKind | undefined {
  return resourceKinds.find((k) => k.dir === dir);
}

export function resourceKindByKind(kind: string): ResourceKind | undefined {
  return resourceKinds.find((k) => k.kind === kind);
}
