// Kubernetes-side evidence that cannot be produced here (no cluster): kubelet and scheduler
// event messages, ingress-nginx controller and CoreDNS log lines. Every template's fixed text
// is the source's wording; the values are Studio's names (see ../README.md).
import { cite } from '../fill.js';
import type { Evidence } from '../types.js';

const K8S = 'https://github.com/kubernetes/kubernetes';
const issue = (repo: string, n: number, kind: 'issues' | 'pull' = 'issues') =>
  `https://github.com/${repo}/${kind}/${n}`;
const SUBSTITUTED =
  'the wording is quoted; image, registry, pod and address values are Studio examples';

/** Studio's names, used as example values in every cited template. */
export const studioExample = {
  namespace: 'datachain-studio',
  image: 'registry.datachain.ai/studio-backend:v2.4.1',
  registry: 'registry.datachain.ai',
  repository: 'studio-backend',
  tag: 'v2.4.1',
  container: 'datachain-studio-backend',
  pod: 'datachain-studio-backend-7d4b9c8f6d-x2k9p',
  podUid: '3f1c2a4e-8b7d-4c6e-9a51-2d0e7b6c1f84',
  podIp: '10.42.0.15',
  secret: 'datachain-studio-secrets',
  service: 'datachain-studio-backend',
} as const;
const s = studioExample;
const image = { image: s.image, registry: s.registry, repository: s.repository, tag: s.tag };
const PULL = 'Failed to pull image "{image}": ';

export const kubelet = {
  pullUnauthorized: {
    ...cite(
      PULL +
        'rpc error: code = Unknown desc = failed to pull and unpack image "{image}": failed to resolve reference "{image}": pulling from host {registry} failed with status code [manifests {tag}]: 401 Unauthorized',
      image,
      {
        url: issue('kubernetes/kubernetes', 110675),
        quote: 'issue',
        note: `kubelet Failed event with containerd 1.6; ${SUBSTITUTED}`,
        appliesTo: 'containerd 1.6',
      },
    ),
    variants: [
      cite(
        PULL +
          'rpc error: code = Unknown desc = failed to pull and unpack image "{image}": failed to resolve reference "{image}": unexpected status code [manifests {tag}]: 401 Unauthorized',
        image,
        {
          url: issue('kaidotdev/vegeta-controller', 1),
          quote: 'issue',
          note: SUBSTITUTED,
          appliesTo: 'containerd 1.4–1.5',
        },
      ),
      cite(
        'failed to resolve reference "{image}": unexpected status from HEAD request to https://{registry}/v2/{repository}/manifests/{tag}: 401 Unauthorized',
        image,
        {
          url: 'https://github.com/containerd/containerd/blob/1fbd70374134b891f97ce19c70b6e50c7b9f4e0d/remotes/errors/errors.go#L36',
          quote: 'source',
          note: 'the containerd part of the event only, composed from containerd v1.7.0 client/pull.go ("failed to resolve reference %q: %w") and remotes/errors/errors.go ("unexpected status from %s request to %s: %s"); the full kubelet event wraps it like the other variants',
          appliesTo: 'containerd ≥ 1.7 (also 2.x)',
        },
      ),
      cite(
        PULL +
          'rpc error: code = Unknown desc = failed to pull and unpack image "{image}": failed to resolve reference "{image}": failed to authorize: failed to fetch anonymous token: unexpected status: 401',
        image,
        {
          url: issue('pegasystems/pega-helm-charts', 559),
          quote: 'issue',
          note: `a registry that answers 401 on its token endpoint; ${SUBSTITUTED}`,
          appliesTo: 'containerd 1.6',
        },
      ),
      cite(
        PULL +
          '[rpc error: code = Unknown desc = Error response from daemon: Get https://{registry}/v2/{repository}/manifests/{tag}: unauthorized: authentication required, rpc error: code = Unknown desc = Error response from daemon: Get https://{registry}/v2/{repository}/manifests/{tag}: unauthorized: authentication required]',
        image,
        {
          url: issue('dotnet/docs', 13401),
          quote: 'issue',
          note: `dockershim: kubelet tries twice and joins both errors; ${SUBSTITUTED}`,
          appliesTo: 'Kubernetes ≤ 1.23 with Docker (dockershim)',
        },
      ),
    ],
  },
  pullNotFound: {
    ...cite(
      PULL +
        'rpc error: code = NotFound desc = failed to pull and unpack image "{image}": failed to resolve reference "{image}": {image}: not found',
      image,
      {
        url: issue('sigstore/model-validation-operator', 60),
        quote: 'issue',
        note: `the tag does not exist; ${SUBSTITUTED}`,
        appliesTo: 'containerd 1.5–2.x',
      },
    ),
    variants: [
      cite(
        PULL +
          'rpc error: code = Unknown desc = Error response from daemon: manifest for {image} not found: manifest unknown: manifest unknown',
        image,
        {
          url: issue('kubevela/kubevela', 981, 'pull'),
          quote: 'issue',
          note: SUBSTITUTED,
          appliesTo: 'Kubernetes ≤ 1.23 with Docker (dockershim)',
        },
      ),
    ],
  },
  pullIoTimeout: {
    ...cite(
      PULL +
        'rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "{image}": failed to resolve reference "{image}": failed to do request: Head "https://{registry}/v2/{repository}/manifests/{tag}": dial tcp {registryAddress}:443: i/o timeout',
      { ...image, registryAddress: '10.20.0.8' },
      {
        url: issue('ciiiii/cloudflare-docker-proxy', 85),
        quote: 'issue',
        note: SUBSTITUTED,
        appliesTo: 'containerd 1.6–1.7',
      },
    ),
    variants: [
      cite(
        PULL +
          'failed to pull and unpack image "{image}": failed to resolve reference "{image}": failed to do request: Head "https://{registry}/v2/{repository}/manifests/{tag}": dial tcp {registryAddress}:443: connect: connection timed out',
        { ...image, registryAddress: '10.20.0.8' },
        {
          url: issue('apecloud/kubeblocks', 9169),
          quote: 'issue',
          note: `newer kubelets print the runtime's message without the "rpc error: code = … desc =" wrapper; ${SUBSTITUTED}`,
          appliesTo: 'recent kubelet with containerd',
        },
      ),
    ],
  },
  pullNoSuchHost: {
    ...cite(
      PULL +
        'rpc error: code = Unknown desc = Error response from daemon: Get https://{registry}/v2/: dial tcp: lookup {registry} on {dnsServer}:53: no such host',
      { image: s.image, registry: 'registry.internal.company.com', dnsServer: '10.96.0.10' },
      {
        url: issue('kubernetes/minikube', 6354),
        quote: 'issue',
        note: `the error after "Failed to pull image %q: " is quoted from the kubelet log line in the issue (the event wraps the same error, ${K8S}/blob/00a3928bde544dbb4fd046bb78439178ec37fb5a/pkg/kubelet/images/image_manager.go); ${SUBSTITUTED}`,
        appliesTo: 'Kubernetes ≤ 1.23 with Docker (dockershim)',
      },
    ),
    variants: [
      cite(
        PULL +
          'rpc error: code = Unknown desc = Error response from daemon: Get https://{registry}/v2/: dial tcp: lookup {registry} on {dnsServer}:53: server misbehaving',
        { image: s.image, registry: 'registry.internal.company.com', dnsServer: '127.0.0.53' },
        {
          url: issue('hjacobs/kube-ops-view', 176),
          quote: 'issue',
          note: SUBSTITUTED,
          appliesTo: 'Kubernetes ≤ 1.23 with Docker (dockershim)',
        },
      ),
    ],
  },
  errImagePull: cite(
    'Error: ErrImagePull',
    {},
    {
      url: issue('hjacobs/kube-ops-view', 176),
      quote: 'issue',
      note: 'kubelet Failed event after a failed pull',
    },
  ),
  backOffPullingImage: cite(
    'Back-off pulling image "{image}"',
    { image: s.image },
    {
      url: issue('hjacobs/kube-ops-view', 176),
      quote: 'issue',
      note: `kubelet BackOff event; ${SUBSTITUTED}`,
    },
  ),
  imagePullBackOff: cite(
    'Error: ImagePullBackOff',
    {},
    {
      url: issue('hjacobs/kube-ops-view', 176),
      quote: 'issue',
      note: 'kubelet Failed event while backing off',
    },
  ),
  backOffRestarting: {
    ...cite(
      'Back-off restarting failed container {container} in pod {pod}_{namespace}({podUid})',
      { container: s.container, pod: s.pod, namespace: s.namespace, podUid: s.podUid },
      {
        url: `${K8S}/blob/000f26050b9be6fb3d79fae95e06b47fc96128cd/pkg/kubelet/kuberuntime/kuberuntime_manager.go`,
        quote: 'source',
        note: 'doBackOff: "Back-off restarting failed container %s in pod %s" with format.Pod = "%s_%s(%s)" (pkg/kubelet/util/format/pod.go); kubelet BackOff event',
        appliesTo: 'Kubernetes ≥ 1.26',
      },
    ),
    variants: [
      cite(
        'Back-off restarting failed container',
        {},
        {
          url: 'https://github.com/replicatedhq/troubleshoot/blob/a523551da95cf8ba9fda77d344a278087f08f7e9/testdata/supportbundle/support-bundle.tar.gz',
          quote: 'bundle',
          note: 'event in cluster-resources/events/default.json of the k3s sample bundle (also ../shared/external/troubleshoot)',
          appliesTo: 'Kubernetes ≤ 1.25',
        },
      ),
    ],
  },
  crashLoopBackOffMessage: cite(
    'back-off {backoff} restarting failed container={container} pod={pod}_{namespace}({podUid})',
    {
      backoff: '5m0s',
      container: s.container,
      pod: s.pod,
      namespace: s.namespace,
      podUid: s.podUid,
    },
    {
      url: `${K8S}/blob/000f26050b9be6fb3d79fae95e06b47fc96128cd/pkg/kubelet/kuberuntime/kuberuntime_manager.go`,
      quote: 'source',
      note: 'doBackOff error "back-off %s restarting failed container=%s pod=%s": the containerStatuses[].state.waiting.message of a CrashLoopBackOff container',
    },
  ),
  readinessProbe503: cite(
    'Readiness probe failed: HTTP probe failed with statuscode: 503',
    {},
    {
      url: issue('CrunchyData/postgres-operator', 2736),
      quote: 'issue',
      note: 'kubelet Unhealthy event',
    },
  ),
  readinessProbeRefused: {
    ...cite(
      'Readiness probe failed: Get "http://{podIp}:{port}{path}": dial tcp {podIp}:{port}: connect: connection refused',
      { podIp: s.podIp, port: '8000', path: '/health/ready' },
      {
        url: issue('grafana/pyroscope', 3005),
        quote: 'issue',
        note: `kubelet Unhealthy event; ${SUBSTITUTED}`,
      },
    ),
    variants: [
      cite(
        'Readiness probe failed: Get http://{podIp}:{port}{path}: dial tcp {podIp}:{port}: getsockopt: connection refused',
        { podIp: s.podIp, port: '8000', path: '/health/ready' },
        {
          url: issue('knative/serving', 2804),
          quote: 'issue',
          note: `older Go: URL unquoted, "getsockopt:"; ${SUBSTITUTED}`,
          appliesTo: 'kubelets built with Go < 1.14',
        },
      ),
    ],
  },
  readinessProbeTimeout: cite(
    'Readiness probe failed: Get "http://{podIp}:{port}{path}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    { podIp: s.podIp, port: '8000', path: '/health/ready' },
    {
      url: issue('kubernetes/kubernetes', 115469),
      quote: 'issue',
      note: `kubelet Unhealthy event; ${SUBSTITUTED}`,
    },
  ),
  livenessProbeRestart: cite(
    'Container {container} failed liveness probe, will be restarted',
    { container: s.container },
    {
      url: issue('vadimkim/cert-manager-webhook-hetzner', 91),
      quote: 'issue',
      note: `kubelet Killing event; ${SUBSTITUTED}`,
    },
  ),
  secretNotFound: {
    ...cite(
      'Error: secret "{secret}" not found',
      { secret: s.secret },
      {
        url: issue('carlosedp/cluster-monitoring', 21),
        quote: 'issue',
        note: `kubelet Failed event of a CreateContainerConfigError container; ${SUBSTITUTED}`,
      },
    ),
    variants: [
      cite(
        'Error: secrets "{secret}" not found',
        { secret: s.secret },
        {
          url: issue('ibm-cloud-labs/iks-handson', 7),
          quote: 'issue',
          note: SUBSTITUTED,
          appliesTo: 'older Kubernetes (plural resource name)',
        },
      ),
    ],
  },
  secretKeyNotFound: cite(
    "Error: couldn't find key {key} in Secret {namespace}/{secret}",
    { key: 'DATABASE_URL', namespace: s.namespace, secret: s.secret },
    {
      url: issue('shieldworks/aegis', 293),
      quote: 'issue',
      note: `kubelet Failed event of a CreateContainerConfigError container; ${SUBSTITUTED}`,
    },
  ),
  oomKilledReason: cite(
    'OOMKilled',
    {},
    {
      url: 'https://github.com/containerd/containerd/blob/75cb2b7193e4e490e9fbdc236c0e811ccaba3376/internal/cri/server/helpers.go#L57',
      quote: 'source',
      note: 'oomExitReason: containerStatuses[].lastState.terminated.reason (with exitCode 137) of a container the kernel killed for its memory limit',
    },
  ),
} satisfies Record<string, Evidence>;

const nodes = { nodes: '3' };
export const scheduler = {
  insufficientMemory: {
    ...cite(
      '0/{nodes} nodes are available: {nodes} Insufficient memory. preemption: 0/{nodes} nodes are available: {nodes} No preemption victims found for incoming pod.',
      nodes,
      {
        url: issue('aws/karpenter-provider-aws', 4450),
        quote: 'issue',
        note: 'default-scheduler FailedScheduling event; node count is an example',
        appliesTo: 'Kubernetes ≥ 1.24 (with the preemption: suffix)',
      },
    ),
    variants: [
      cite('0/{nodes} nodes are available: {nodes} Insufficient memory.', nodes, {
        url: issue('crc-org/crc', 1638),
        quote: 'issue',
        note: 'quoted from the scheduler log line err="…" of the issue; node count is an example',
        appliesTo: 'Kubernetes ≤ 1.23',
      }),
    ],
  },
  untoleratedTaint: {
    ...cite(
      '0/{nodes} nodes are available: {nodes} node(s) had untolerated taint {{{taint}: }}. preemption: 0/{nodes} nodes are available: {nodes} Preemption is not helpful for scheduling.',
      { ...nodes, taint: 'node.kubernetes.io/unreachable' },
      {
        url: issue('hystax/optscale', 568),
        quote: 'issue',
        note: 'default-scheduler FailedScheduling event; node count is an example',
        appliesTo: 'Kubernetes ≥ 1.25',
      },
    ),
    variants: [
      cite(
        "0/{nodes} nodes are available: {nodes} node(s) had taint {{{taint}: }}, that the pod didn't tolerate.",
        { ...nodes, taint: 'node-role.kubernetes.io/control-plane' },
        {
          url: issue('kubeedge/website', 272, 'pull'),
          quote: 'issue',
          note: 'node count is an example',
          appliesTo: 'Kubernetes ≤ 1.24',
        },
      ),
    ],
  },
} satisfies Record<string, Evidence>;

// klog header: severity letter, mmdd, time, thread id right-aligned in 7 columns, file:line.
const KLOG = 'W{date} {time} {threadId} controller.go:{line}] ';
const klog = { date: '1125', time: '12:04:31.217840', threadId: '      7' };
const svc = { namespace: s.namespace, service: s.service };
export const ingressNginxController = {
  serviceNotFound: cite(
    KLOG +
      'Error obtaining Endpoints for Service "{namespace}/{service}": no object matching key "{namespace}/{service}" in local store',
    { ...klog, line: '1016', ...svc },
    {
      url: issue('kubernetes/ingress-nginx', 8882),
      quote: 'issue',
      note: `the Ingress names a Service that does not exist; wording also in controller-v1.15.1 internal/ingress/controller/controller.go and store/store.go (NotExistsError); ${SUBSTITUTED}`,
      appliesTo: 'ingress-nginx 0.3x – 1.15',
    },
  ),
  noActiveEndpoint: {
    ...cite(
      KLOG + 'Service "{namespace}/{service}" does not have any active Endpoint.',
      { ...klog, line: '1111', ...svc },
      {
        url: issue('kubernetes/ingress-nginx', 8882),
        quote: 'issue',
        note: `the Service selects no ready pods; ${SUBSTITUTED}`,
        appliesTo: 'ingress-nginx 0.3x – 1.15',
      },
    ),
    variants: [
      cite(
        KLOG + 'service {namespace}/{service} does not have any active endpoints',
        { ...klog, line: '842', threadId: '      1', ...svc },
        {
          url: issue('kubernetes/ingress-nginx', 250),
          quote: 'issue',
          note: SUBSTITUTED,
          appliesTo: 'nginx-ingress-controller 0.9 betas',
        },
      ),
    ],
  },
} satisfies Record<string, Evidence>;

const K3S_BUNDLE =
  'https://github.com/replicatedhq/troubleshoot/blob/a523551da95cf8ba9fda77d344a278087f08f7e9/testdata/supportbundle/support-bundle.tar.gz';
export const coredns = {
  upstreamTimeout: cite(
    '[ERROR] plugin/errors: 2 {name}. {type}: read udp {local}->{upstream}:53: i/o timeout',
    { name: 'registry.datachain.ai', type: 'A', local: '10.42.0.5:53039', upstream: '10.0.0.2' },
    {
      url: issue('kubernetes/kubernetes', 91518),
      quote: 'issue',
      note: 'CoreDNS cannot reach its upstream resolver; format "%d %s %s: %s" in coredns v1.14.7 plugin/errors/errors.go; name and addresses are examples',
    },
  ),
  started: cite(
    '.:53\n[WARNING] No files matching import glob pattern: /etc/coredns/custom/*.server\n[INFO] plugin/reload: Running configuration SHA512 = {configSha512}\nCoreDNS-{version}\n{platform}, {goVersion}, {commit}',
    {
      configSha512:
        'b941b080e5322f6519009bb49349462c7ddb6317425b0f6a83e5451175b720703949e3f3b454a24e77f3ffe57fd5e9c6130e528a5a1dd00d9000e4afd6c1108d',
      version: '1.9.1',
      platform: 'linux/arm64',
      goVersion: 'go1.17.8',
      commit: '4b597f8',
    },
    {
      url: K3S_BUNDLE,
      quote: 'bundle',
      note: 'cluster-resources/pods/logs/kube-system/coredns-b96499967-tncf4/coredns.log of the k3s sample bundle, verbatim (the WARNING line is k3s-specific)',
    },
  ),
  waitingForKubernetes: cite(
    '[INFO] plugin/ready: Still waiting on: "kubernetes"',
    {},
    {
      url: K3S_BUNDLE,
      quote: 'bundle',
      note: 'same log: CoreDNS cannot reach the API server yet, so it is not ready',
    },
  ),
} satisfies Record<string, Evidence>;

/**
 * What the API server streams back (a Status on the exec error channel) when the program asked
 * for is not in the container's image; kubectl prints it after "error: ".
 */
export const containerRuntime = {
  execNotFound: cite(
    'Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "{execId}": OCI runtime exec failed: exec failed: unable to start container process: exec: "{program}": executable file not found in $PATH: unknown',
    {
      execId: 'fc7ef1a745ffd71b0d28376f80ab706bf896fb8e13c501e66a2889286eda97f9',
      program: 'nslookup',
    },
    {
      url: issue('nigelpoulton/TheK8sBook', 30),
      quote: 'issue',
      note: 'kubectl exec into a containerd pod whose image lacks the program (there "ps"); the program name is the Studio check\'s',
      appliesTo: 'containerd 1.6+ with runc 1.1+',
    },
  ),
} satisfies Record<string, Evidence>;
