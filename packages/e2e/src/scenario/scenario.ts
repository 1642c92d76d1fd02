import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  apiVersionOf,
  clusterListPath,
  clusterVersionPath,
  namespacedListPath,
  nodeMetricsPath,
  podLogPath,
  podMetricsPath,
  resourceKinds,
  scenarioSecretsPath,
  troubleshootListPath,
  versionYamlPath,
} from '@studio-support/schema';
import { Clock } from './clock.js';
import { hexId, ipFor, safeSuffix, uidFor } from './ids.js';
import { makeTlsPair, type TlsOptions } from './tls.js';

/**
 * A small builder of realistic cluster state for `studio-analyze serve`: a scenario tree in
 * troubleshoot's layout (cluster-resources/<plural>/<ns>.json, logs, cluster_version.json)
 * plus what only a real cluster has — full Secret objects with data. Object shapes are
 * copied field for field from real bundles (../shared/external/troubleshoot: k3s v1.31
 * pods, events, deployments, replicasets, services, endpoints, nodes, namespaces), minus
 * managedFields; times are relative to the scenario's clock.
 */

export type Obj = { apiVersion: string; kind: string; metadata: Meta; [key: string]: unknown };
export interface Meta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  [key: string]: unknown;
}

export interface ContainerState {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: {
    exitCode: number;
    reason?: string;
    startedAt: string;
    finishedAt: string;
    containerID?: string;
  };
}

export interface ContainerPlan {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  readinessProbe?: unknown;
  /** requests/limits as quantities ("500m", "1Gi"); none: BestEffort. */
  resources?: ContainerResources;
  /** Default: running since the pod started, ready. */
  state?: ContainerState;
  lastState?: ContainerState;
  ready?: boolean;
  restartCount?: number;
}

export interface ContainerResources {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** Current usage of a container as the metrics API reports it ("5123456n", "120512Ki"). */
export interface Usage {
  cpu: string;
  memory: string;
}

/** The pod's QoS class as the API server sets it (pkg/apis/core/helper/qos). */
function qosClass(containers: ContainerPlan[]): string {
  const all = containers.map((c) => c.resources ?? {});
  const set = all.some((r) => Object.keys({ ...r.requests, ...r.limits }).length > 0);
  if (!set) return 'BestEffort';
  const guaranteed = all.every((r) =>
    ['cpu', 'memory'].every(
      (k) => r.limits?.[k] && (r.requests?.[k] ?? r.limits[k]) === r.limits[k],
    ),
  );
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** A NodeMetrics or PodMetrics object: no uid or resourceVersion, as metrics-server serves it. */
interface MetricsObj {
  kind: string;
  apiVersion: string;
  metadata: {
    name: string;
    namespace?: string;
    creationTimestamp: string;
    labels: Record<string, string>;
  };
  [key: string]: unknown;
}

export interface PodPlan {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  containers: ContainerPlan[];
  ageSeconds: number;
  phase?: string;
  owner?: Obj;
  nodeName?: string;
  deleting?: boolean;
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort: number | string;
  protocol?: string;
  nodePort?: number;
}

export class Scenario {
  readonly clock: Clock;
  /** kind → objects, in insertion order. */
  private readonly objects = new Map<string, Obj[]>();
  private readonly secrets: Obj[] = [];
  private readonly logs: { path: string; text: string }[] = [];
  private readonly nodeUsage: MetricsObj[] = [];
  private readonly podUsage: MetricsObj[] = [];
  /** Other files of the tree, by bundle path (recorded exec output, scraped metrics, …). */
  private readonly extraFiles = new Map<string, string>();
  private readonly namespaces = new Set<string>();
  private rv = 1000;
  readonly nodeName: string;

  constructor(options: { now?: Date; nodeName?: string } = {}) {
    this.clock = new Clock(options.now);
    this.nodeName = options.nodeName ?? 'studio-node-1';
  }

  private meta(
    name: string,
    namespace: string | undefined,
    ageSeconds: number,
    extra: object = {},
  ): Meta {
    if (namespace) this.namespaces.add(namespace);
    return {
      name,
      ...(namespace && { namespace }),
      uid: uidFor(`${namespace ?? ''}/${name}`),
      resourceVersion: String(this.rv++),
      creationTimestamp: this.clock.ago(ageSeconds),
      ...extra,
    };
  }

  add<T extends Obj>(obj: T): T {
    const list = this.objects.get(obj.kind) ?? [];
    list.push(obj);
    this.objects.set(obj.kind, list);
    return obj;
  }

  all(kind: string): Obj[] {
    return this.objects.get(kind) ?? [];
  }

  find(kind: string, namespace: string | undefined, name: string): Obj | undefined {
    return this.all(kind).find(
      (o) => o.metadata.name === name && o.metadata.namespace === namespace,
    );
  }

  namespace(name: string, ageSeconds = 30 * 86400): Obj {
    return this.add({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: this.meta(name, undefined, ageSeconds, {
        labels: { 'kubernetes.io/metadata.name': name },
      }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  node(
    options: { name?: string; ageSeconds?: number; ready?: boolean; internalIP?: string } = {},
  ): Obj {
    const name = options.name ?? this.nodeName;
    const seen = this.clock.ago(20);
    const since = this.clock.ago(options.ageSeconds ?? 30 * 86400);
    const condition = (type: string, status: string, reason: string, message: string) => ({
      type,
      status,
      lastHeartbeatTime: seen,
      lastTransitionTime: since,
      reason,
      message,
    });
    const ready = options.ready ?? true;
    const internalIP = options.internalIP ?? '172.17.0.2';
    return this.add({
      kind: 'Node',
      apiVersion: 'v1',
      metadata: this.meta(name, undefined, options.ageSeconds ?? 30 * 86400, {
        labels: {
          'beta.kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'node-role.kubernetes.io/control-plane': 'true',
        },
      }),
      spec: { podCIDR: '10.42.0.0/24', podCIDRs: ['10.42.0.0/24'], providerID: `k3s://${name}` },
      status: {
        capacity: {
          cpu: '4',
          'ephemeral-storage': '76026616Ki',
          memory: '16379772Ki',
          pods: '110',
        },
        allocatable: {
          cpu: '4',
          'ephemeral-storage': '73958691987',
          memory: '16379772Ki',
          pods: '110',
        },
        conditions: [
          condition(
            'MemoryPressure',
            'False',
            'KubeletHasSufficientMemory',
            'kubelet has sufficient memory available',
          ),
          condition(
            'DiskPressure',
            'False',
            'KubeletHasNoDiskPressure',
            'kubelet has no disk pressure',
          ),
          condition(
            'PIDPressure',
            'False',
            'KubeletHasSufficientPID',
            'kubelet has sufficient PID available',
          ),
          ready
            ? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status')
            : condition(
                'Ready',
                'Unknown',
                'NodeStatusUnknown',
                'Kubelet stopped posting node status.',
              ),
        ],
        addresses: [
          { type: 'InternalIP', address: internalIP },
          { type: 'Hostname', address: name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: '',
          systemUUID: uidFor(`system:${name}`),
          bootID: uidFor(`boot:${name}`),
          kernelVersion: '6.8.0-1041-azure',
          osImage: 'K3s v1.31.2+k3s1',
          containerRuntimeVersion: 'containerd://1.7.22-k3s1',
          kubeletVersion: 'v1.31.2+k3s1',
          kubeProxyVersion: 'v1.31.2+k3s1',
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    });
  }

  // Container states, as the kubelet reports them.
  running(startedAgo: number): ContainerState {
    return { running: { startedAt: this.clock.ago(startedAgo) } };
  }

  terminated(
    reason: string,
    exitCode: number,
    startedAgo: number,
    finishedAgo: number,
  ): ContainerState {
    return {
      terminated: {
        exitCode,
        reason,
        startedAt: this.clock.ago(startedAgo),
        finishedAt: this.clock.ago(finishedAgo),
        containerID: `containerd://${hexId(`${reason}${startedAgo}${finishedAgo}`, 64)}`,
      },
    };
  }

  /** The kubelet's CrashLoopBackOff waiting state ("back-off %s restarting failed container=%s pod=%s"). */
  crashLoop(container: string, pod: string, namespace: string, backoff = '5m0s'): ContainerState {
    const uid = uidFor(`${namespace}/${pod}`);
    return {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${backoff} restarting failed container=${container} pod=${pod}_${namespace}(${uid})`,
      },
    };
  }

  pod(plan: PodPlan): Obj {
    const { namespace, name, ageSeconds } = plan;
    const started = this.clock.ago(ageSeconds);
    const ip = ipFor(`${namespace}/${name}`, '10.42');
    const statuses = plan.containers.map((c) => {
      const state = c.state ?? this.running(ageSeconds - 4);
      const ready = c.ready ?? Boolean(state.running);
      return {
        name: c.name,
        state,
        lastState: c.lastState ?? {},
        ready,
        restartCount: c.restartCount ?? 0,
        image: `docker.io/${c.image}`,
        imageID: `docker.io/${c.image.split(':')[0]}@sha256:${hexId(c.image, 64)}`,
        containerID: `containerd://${hexId(`${namespace}/${name}/${c.name}`, 64)}`,
        started: Boolean(state.running),
      };
    });
    const allReady = statuses.every((s) => s.ready);
    const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
    const readyCondition = (type: string) =>
      allReady
        ? { type, status: 'True', lastProbeTime: null, lastTransitionTime: started }
        : {
            type,
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: started,
            reason: 'ContainersNotReady',
            message: `containers with unready status: [${unready.join(' ')}]`,
          };
    const owner = plan.owner;
    return this.add({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: this.meta(name, namespace, ageSeconds, {
        ...(owner && { generateName: `${owner.metadata.name}-` }),
        labels: plan.labels ?? {},
        ...(plan.deleting && {
          deletionTimestamp: this.clock.ago(-30),
          deletionGracePeriodSeconds: 30,
        }),
        ...(owner && {
          ownerReferences: [
            {
              apiVersion: owner.apiVersion,
              kind: owner.kind,
              name: owner.metadata.name,
              uid: owner.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        }),
      }),
      spec: {
        volumes: [
          { name: `kube-api-access-${safeSuffix(name, 5)}`, projected: { defaultMode: 420 } },
        ],
        containers: plan.containers.map((c) => ({
          name: c.name,
          image: c.image,
          ...(c.ports && { ports: c.ports.map((p) => ({ protocol: 'TCP', ...p })) }),
          ...(c.env && { env: c.env }),
          resources: c.resources ?? {},
          ...(c.readinessProbe !== undefined && { readinessProbe: c.readinessProbe }),
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        })),
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        serviceAccount: 'default',
        nodeName: plan.nodeName ?? this.nodeName,
        securityContext: {},
        schedulerName: 'default-scheduler',
        tolerations: [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ],
        priority: 0,
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
      },
      status: {
        phase: plan.phase ?? 'Running',
        conditions: [
          {
            type: 'PodReadyToStartContainers',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: started,
          },
          { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: started },
          readyCondition('Ready'),
          readyCondition('ContainersReady'),
          {
            type: 'PodScheduled',
            status: 'True',
            lastProbeTime: null,
            lastTransitionTime: started,
          },
        ],
        hostIP: '172.17.0.2',
        hostIPs: [{ ip: '172.17.0.2' }],
        podIP: ip,
        podIPs: [{ ip }],
        startTime: started,
        containerStatuses: statuses,
        qosClass: qosClass(plan.containers),
      },
    });
  }

  /** A Deployment, its ReplicaSet and `replicas` pods running `containers`. */
  deployment(plan: {
    namespace: string;
    name: string;
    labels: Record<string, string>;
    containers: ContainerPlan[];
    replicas?: number;
    ageSeconds: number;
  }): { deployment: Obj; replicaSet: Obj; pods: Obj[] } {
    const { namespace, name, labels, ageSeconds } = plan;
    const replicas = plan.replicas ?? 1;
    const hash = safeSuffix(`${namespace}/${name}/template`, 10);
    const template = {
      metadata: { labels },
      spec: {
        containers: plan.containers.map((c) => ({
          name: c.name,
          image: c.image,
          ...(c.ports && { ports: c.ports.map((p) => ({ protocol: 'TCP', ...p })) }),
          ...(c.env && { env: c.env }),
          resources: c.resources ?? {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        })),
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        securityContext: {},
        schedulerName: 'default-scheduler',
      },
    };
    const readyPods = plan.containers.every(
      (c) => c.ready ?? (c.state ? Boolean(c.state.running) : true),
    )
      ? replicas
      : 0;
    const rsName = `${name}-${hash}`;
    const deployment = this.add({
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: this.meta(name, namespace, ageSeconds, {
        generation: 1,
        labels,
        annotations: { 'deployment.kubernetes.io/revision': '1' },
      }),
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template,
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
        },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status: {
        observedGeneration: 1,
        replicas,
        updatedReplicas: replicas,
        ...(readyPods > 0 && { readyReplicas: readyPods, availableReplicas: readyPods }),
        ...(readyPods < replicas && { unavailableReplicas: replicas - readyPods }),
        conditions: [
          readyPods === replicas
            ? {
                type: 'Available',
                status: 'True',
                lastUpdateTime: this.clock.ago(ageSeconds - 10),
                lastTransitionTime: this.clock.ago(ageSeconds - 10),
                reason: 'MinimumReplicasAvailable',
                message: 'Deployment has minimum availability.',
              }
            : {
                type: 'Available',
                status: 'False',
                lastUpdateTime: this.clock.ago(ageSeconds - 10),
                lastTransitionTime: this.clock.ago(ageSeconds - 10),
                reason: 'MinimumReplicasUnavailable',
                message: 'Deployment does not have minimum availability.',
              },
          {
            type: 'Progressing',
            status: 'True',
            lastUpdateTime: this.clock.ago(ageSeconds - 10),
            lastTransitionTime: this.clock.ago(ageSeconds),
            reason: 'NewReplicaSetAvailable',
            message: `ReplicaSet "${rsName}" has successfully progressed.`,
          },
        ],
      },
    });
    const rsLabels = { ...labels, 'pod-template-hash': hash };
    const replicaSet = this.add({
      kind: 'ReplicaSet',
      apiVersion: 'apps/v1',
      metadata: this.meta(rsName, namespace, ageSeconds, {
        generation: 1,
        labels: rsLabels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + 1),
          'deployment.kubernetes.io/revision': '1',
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name,
            uid: deployment.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      }),
      spec: {
        replicas,
        selector: { matchLabels: rsLabels },
        template: { ...template, metadata: { labels: rsLabels } },
      },
      status: {
        replicas,
        fullyLabeledReplicas: replicas,
        ...(readyPods > 0 && { readyReplicas: readyPods, availableReplicas: readyPods }),
        observedGeneration: 1,
      },
    });
    this.event(deployment, {
      reason: 'ScalingReplicaSet',
      message: `Scaled up replica set ${rsName} to ${replicas}`,
      component: 'deployment-controller',
      ageSeconds,
    });
    const pods: Obj[] = [];
    for (let i = 0; i < replicas; i++) {
      const podName = `${rsName}-${safeSuffix(`${rsName}/${i}`, 5)}`;
      const pod = this.pod({
        namespace,
        name: podName,
        labels: rsLabels,
        containers: plan.containers,
        ageSeconds,
        owner: replicaSet,
      });
      this.event(replicaSet, {
        reason: 'SuccessfulCreate',
        message: `Created pod: ${podName}`,
        component: 'replicaset-controller',
        ageSeconds,
      });
      this.podStartEvents(pod, ageSeconds);
      pods.push(pod);
    }
    return { deployment, replicaSet, pods };
  }

  /**
   * An Event about `about`, shaped like the kubelet's and controllers' (see the k3s v1.31
   * bundle): count/first/lastTimestamp, source and reporting component. Messages passed in
   * must be real text; the ones used here are quoted from those bundles.
   */
  event(
    about: Obj,
    e: {
      reason: string;
      message: string;
      type?: 'Normal' | 'Warning';
      component: string;
      host?: string;
      fieldPath?: string;
      count?: number;
      ageSeconds: number;
      lastSeenSeconds?: number;
    },
  ): Obj {
    const namespace = about.metadata.namespace ?? 'default';
    const seq = this.rv;
    const first = this.clock.ago(e.ageSeconds);
    const last = this.clock.ago(e.lastSeenSeconds ?? e.ageSeconds);
    return this.add({
      kind: 'Event',
      apiVersion: 'v1',
      metadata: this.meta(
        `${about.metadata.name}.${hexId(`${about.metadata.uid}/${seq}`, 16)}`,
        namespace,
        e.ageSeconds,
      ),
      involvedObject: {
        kind: about.kind,
        namespace,
        name: about.metadata.name,
        uid: about.metadata.uid,
        apiVersion: about.apiVersion,
        resourceVersion: about.metadata.resourceVersion,
        ...(e.fieldPath && { fieldPath: e.fieldPath }),
      },
      reason: e.reason,
      message: e.message,
      source: { component: e.component, ...(e.host && { host: e.host }) },
      firstTimestamp: first,
      lastTimestamp: last,
      count: e.count ?? 1,
      type: e.type ?? 'Normal',
      eventTime: null,
      reportingComponent: e.component,
      reportingInstance: e.host ?? '',
    });
  }

  /** Scheduled (the scheduler's eventTime-only form), then Pulled/Created/Started per container. */
  podStartEvents(pod: Obj, ageSeconds: number): void {
    const namespace = pod.metadata.namespace!;
    this.add({
      kind: 'Event',
      apiVersion: 'v1',
      metadata: this.meta(
        `${pod.metadata.name}.${hexId(`${pod.metadata.uid}/scheduled`, 16)}`,
        namespace,
        ageSeconds,
      ),
      involvedObject: {
        kind: 'Pod',
        namespace,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
        apiVersion: 'v1',
        resourceVersion: pod.metadata.resourceVersion,
      },
      reason: 'Scheduled',
      message: `Successfully assigned ${namespace}/${pod.metadata.name} to ${this.nodeName}`,
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type: 'Normal',
      eventTime: this.clock.agoMicro(ageSeconds),
      action: 'Binding',
      reportingComponent: 'default-scheduler',
      reportingInstance: `default-scheduler-${hexId(this.nodeName, 12)}`,
    });
    const containers = (pod.spec as { containers: { name: string; image: string }[] }).containers;
    for (const c of containers) {
      const kubelet = {
        component: 'kubelet',
        host: this.nodeName,
        fieldPath: `spec.containers{${c.name}}`,
      };
      this.event(pod, {
        ...kubelet,
        reason: 'Pulled',
        message: `Container image "${c.image}" already present on machine`,
        ageSeconds: ageSeconds - 1,
      });
      this.event(pod, {
        ...kubelet,
        reason: 'Created',
        message: `Created container ${c.name}`,
        ageSeconds: ageSeconds - 2,
      });
      this.event(pod, {
        ...kubelet,
        reason: 'Started',
        message: `Started container ${c.name}`,
        ageSeconds: ageSeconds - 3,
      });
    }
  }

  service(plan: {
    namespace: string;
    name: string;
    selector?: Record<string, string>;
    ports: ServicePort[];
    type?: 'ClusterIP' | 'LoadBalancer' | 'NodePort';
    loadBalancerIP?: string;
    ageSeconds: number;
    labels?: Record<string, string>;
  }): Obj {
    const clusterIP = ipFor(`${plan.namespace}/${plan.name}`, '10.43');
    return this.add({
      kind: 'Service',
      apiVersion: 'v1',
      metadata: this.meta(plan.name, plan.namespace, plan.ageSeconds, {
        labels: plan.labels ?? {},
      }),
      spec: {
        ports: plan.ports.map((p) => ({
          ...(p.name && { name: p.name }),
          protocol: p.protocol ?? 'TCP',
          port: p.port,
          targetPort: p.targetPort,
          ...(p.nodePort && { nodePort: p.nodePort }),
        })),
        ...(plan.selector && { selector: plan.selector }),
        clusterIP,
        clusterIPs: [clusterIP],
        type: plan.type ?? 'ClusterIP',
        sessionAffinity: 'None',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
        ...(plan.type === 'LoadBalancer' && {
          externalTrafficPolicy: 'Cluster',
          allocateLoadBalancerNodePorts: true,
        }),
      },
      status: {
        loadBalancer: plan.loadBalancerIP
          ? { ingress: [{ ip: plan.loadBalancerIP, ipMode: 'VIP' }] }
          : {},
      },
    });
  }

  ingress(plan: {
    namespace: string;
    name: string;
    className: string;
    host: string;
    service: string;
    port: number;
    tlsSecret?: string;
    address?: string;
    ageSeconds: number;
  }): Obj {
    return this.add({
      kind: 'Ingress',
      apiVersion: 'networking.k8s.io/v1',
      metadata: this.meta(plan.name, plan.namespace, plan.ageSeconds, { generation: 1 }),
      spec: {
        ingressClassName: plan.className,
        ...(plan.tlsSecret && { tls: [{ hosts: [plan.host], secretName: plan.tlsSecret }] }),
        rules: [
          {
            host: plan.host,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: plan.service, port: { number: plan.port } } },
                },
              ],
            },
          },
        ],
      },
      status: { loadBalancer: plan.address ? { ingress: [{ ip: plan.address }] } : {} },
    });
  }

  configMap(
    namespace: string,
    name: string,
    data: Record<string, string>,
    ageSeconds: number,
  ): Obj {
    return this.add({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: this.meta(name, namespace, ageSeconds),
      data,
    });
  }

  /** A full Secret, values base64-encoded as the API serves them (scenario trees only). */
  secret(
    namespace: string,
    name: string,
    type: string,
    data: Record<string, string>,
    ageSeconds: number,
  ): Obj {
    const secret: Obj = {
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: this.meta(name, namespace, ageSeconds),
      data: Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      type,
    };
    this.secrets.push(secret);
    return secret;
  }

  async tlsSecret(
    namespace: string,
    name: string,
    tls: TlsOptions,
    ageSeconds: number,
  ): Promise<Obj> {
    const pair = await makeTlsPair(tls);
    return this.secret(
      namespace,
      name,
      'kubernetes.io/tls',
      { 'tls.crt': pair.crt, 'tls.key': pair.key },
      ageSeconds,
    );
  }

  /**
   * What metrics-server reports for a node: its working set and CPU over the last window.
   * Shape as `kubectl get --raw /apis/metrics.k8s.io/v1beta1/nodes/<node>` prints it
   * (github.com/dangolk/k8-reference metrics/metrics-output.md).
   */
  nodeMetrics(usage: Usage, name = this.nodeName): void {
    const node = this.find('Node', undefined, name);
    this.nodeUsage.push({
      kind: 'NodeMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {
        name,
        creationTimestamp: this.clock.ago(0),
        labels: (node?.metadata.labels as Record<string, string>) ?? {},
      },
      timestamp: this.clock.ago(13),
      window: '20.064s',
      usage,
    });
  }

  /** metrics-server's PodMetrics for a pod: per container usage. */
  podMetrics(pod: Obj, containers: Record<string, Usage>): void {
    this.podUsage.push({
      kind: 'PodMetrics',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: {
        name: pod.metadata.name,
        namespace: pod.metadata.namespace,
        creationTimestamp: this.clock.ago(0),
        labels: (pod.metadata.labels as Record<string, string>) ?? {},
      },
      timestamp: this.clock.ago(9),
      window: '15.005s',
      containers: Object.entries(containers).map(([name, usage]) => ({ name, usage })),
    });
  }

  /** Any other file of the tree at a bundle path (recorded exec output, scraped metrics). */
  file(path: string, content: string): void {
    this.extraFiles.set(path, content);
  }

  log(namespace: string, pod: string, container: string, text: string, previous = false): void {
    this.logs.push({ path: podLogPath(namespace, pod, container, previous), text });
  }

  /** For every Service with a selector, the pods it selects, ready or not (as the controllers see them). */
  private serviceBackends() {
    const isReady = (p: Obj) =>
      (p.status as { conditions: { type: string; status: string }[] }).conditions.some(
        (c) => c.type === 'Ready' && c.status === 'True',
      );
    return this.all('Service')
      .filter((svc) => (svc.spec as { selector?: object }).selector)
      .map((svc) => {
        const spec = svc.spec as { selector: Record<string, string>; ports: ServicePort[] };
        // A pod without an address (Pending) is in no Endpoints object.
        const selected = this.all('Pod').filter(
          (p) =>
            (p.status as { podIP?: string }).podIP !== undefined &&
            p.metadata.namespace === svc.metadata.namespace &&
            Object.entries(spec.selector).every(
              ([k, v]) => (p.metadata.labels as Record<string, string>)?.[k] === v,
            ),
        );
        const ports = spec.ports.map((p) => ({
          ...(p.name && { name: p.name }),
          port: typeof p.targetPort === 'number' ? p.targetPort : p.port,
          protocol: p.protocol ?? 'TCP',
        }));
        return {
          svc,
          ready: selected.filter(isReady),
          notReady: selected.filter((p) => !isReady(p)),
          ports,
        };
      });
  }

  private backendAddress(p: Obj) {
    return {
      ip: (p.status as { podIP: string }).podIP,
      nodeName: this.nodeName,
      targetRef: {
        kind: 'Pod',
        namespace: p.metadata.namespace,
        name: p.metadata.name,
        uid: p.metadata.uid,
      },
    };
  }

  /** Endpoints, as the endpoints controller writes them (no subsets when nothing is selected). */
  private endpoints(): Obj[] {
    return this.serviceBackends().map(({ svc, ready, notReady, ports }) => {
      const subsets =
        ready.length + notReady.length === 0
          ? undefined
          : [
              {
                ...(ready.length && { addresses: ready.map((p) => this.backendAddress(p)) }),
                ...(notReady.length && {
                  notReadyAddresses: notReady.map((p) => this.backendAddress(p)),
                }),
                ports,
              },
            ];
      return {
        kind: 'Endpoints',
        apiVersion: 'v1',
        metadata: {
          ...this.meta(svc.metadata.name, svc.metadata.namespace, 0),
          creationTimestamp: svc.metadata.creationTimestamp,
          labels: svc.metadata.labels,
        },
        ...(subsets && { subsets }),
      };
    });
  }

  /** EndpointSlices (what kubectl describe reads for a backend's addresses), one per Service. */
  private endpointSlices(): Obj[] {
    return this.serviceBackends().map(({ svc, ready, notReady, ports }) => {
      const name = svc.metadata.name;
      const endpoint = (p: Obj, isReady: boolean) => {
        const { ip, ...rest } = this.backendAddress(p);
        return {
          addresses: [ip],
          conditions: { ready: isReady, serving: isReady, terminating: false },
          ...rest,
        };
      };
      return {
        kind: 'EndpointSlice',
        apiVersion: 'discovery.k8s.io/v1',
        metadata: {
          ...this.meta(
            `${name}-${safeSuffix(`${svc.metadata.uid}/slice`, 5)}`,
            svc.metadata.namespace,
            0,
            {
              generateName: `${name}-`,
              labels: {
                ...(svc.metadata.labels as Record<string, string>),
                'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
                'kubernetes.io/service-name': name,
              },
              ownerReferences: [
                {
                  apiVersion: 'v1',
                  kind: 'Service',
                  name,
                  uid: svc.metadata.uid,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            },
          ),
          creationTimestamp: svc.metadata.creationTimestamp,
        },
        addressType: 'IPv4',
        endpoints: [
          ...ready.map((p) => endpoint(p, true)),
          ...notReady.map((p) => endpoint(p, false)),
        ],
        ports,
      };
    });
  }

  /** Writes the tree: one List file per kind and namespace, secrets, logs, version files. */
  async write(dir: string): Promise<void> {
    const put = async (rel: string, content: string) => {
      await mkdir(dirname(join(dir, rel)), { recursive: true });
      await writeFile(join(dir, rel), content);
    };
    const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
    const list = (kind: string, apiVersion: string, items: Obj[]) =>
      json({
        kind: `${kind}List`,
        apiVersion,
        metadata: { resourceVersion: String(this.rv) },
        items,
      });
    const byKind = new Map(this.objects);
    byKind.set('Endpoints', this.endpoints());
    for (const k of resourceKinds) {
      const items = byKind.get(k.kind) ?? [];
      if (!k.namespaced) {
        await put(clusterListPath(k.dir), list(k.kind, apiVersionOf(k), items));
        continue;
      }
      for (const ns of [...this.namespaces].sort()) {
        const inNs = items.filter((o) => o.metadata.namespace === ns);
        await put(namespacedListPath(k.dir, ns), list(k.kind, apiVersionOf(k), inNs));
      }
    }
    // Not a kind of our bundle format, but troubleshoot writes it and kubectl describe reads it.
    const slices = this.endpointSlices();
    for (const ns of [...this.namespaces].sort()) {
      const inNs = slices.filter((o) => o.metadata.namespace === ns);
      await put(
        troubleshootListPath('endpointslices', ns),
        list('EndpointSlice', 'discovery.k8s.io/v1', inNs),
      );
    }
    for (const ns of new Set(this.secrets.map((s) => s.metadata.namespace!))) {
      await put(
        scenarioSecretsPath(ns),
        list(
          'Secret',
          'v1',
          this.secrets.filter((s) => s.metadata.namespace === ns),
        ),
      );
    }
    for (const l of this.logs) await put(l.path, l.text);
    // Only a cluster running metrics-server has these: without them serve has no metrics API.
    const metricsList = (kind: string, items: MetricsObj[]) =>
      json({ kind, apiVersion: 'metrics.k8s.io/v1beta1', metadata: {}, items });
    if (this.nodeUsage.length > 0 || this.podUsage.length > 0) {
      await put(nodeMetricsPath, metricsList('NodeMetricsList', this.nodeUsage));
      for (const ns of [...this.namespaces].sort()) {
        const inNs = this.podUsage.filter((o) => o.metadata.namespace === ns);
        await put(podMetricsPath(ns), metricsList('PodMetricsList', inNs));
      }
    }
    for (const [path, content] of this.extraFiles) await put(path, content);
    // The /version of the k3s v1.31.2 cluster in troubleshoot's baseline bundle.
    await put(
      clusterVersionPath,
      json({
        info: {
          major: '1',
          minor: '31',
          gitVersion: 'v1.31.2+k3s1',
          gitCommit: '6da204241bfd40220cb1af4cde35609e0c58df72',
          gitTreeState: 'clean',
          buildDate: '2024-10-26T04:07:15Z',
          goVersion: 'go1.22.8',
          compiler: 'gc',
          platform: 'linux/amd64',
        },
        string: 'v1.31.2+k3s1',
      }),
    );
    await put(
      versionYamlPath,
      'apiVersion: troubleshoot.sh/v1beta2\nkind: SupportBundle\nspec:\n  versionNumber: scenario\n',
    );
  }
}
