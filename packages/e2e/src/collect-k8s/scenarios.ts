import { brokenStudio, logText, Scenario, studioNamespace, type Obj } from '../scenario/index.js';

const day = 86400;
const { lines, gunicornBoot, postgresBoot, celeryReady, nginxAccess } = logText;

const label = (component: string) => ({
  'app.kubernetes.io/name': `datachain-studio-${component}`,
  'app.kubernetes.io/instance': 'datachain-studio',
});
const image = (component: string) => `registry.datachain.ai/studio-${component}:v2.14.0`;

/**
 * What every cluster has around Studio and the Studio scenarios leave out: the nginx
 * IngressClass, the ingress-nginx controller (pods, LoadBalancer Service, access log) and
 * CoreDNS in kube-system. The collector must find the controller, not assume it.
 */
export function addClusterParts(
  s: Scenario,
  options: { controller: boolean } = { controller: true },
): void {
  const age = 20 * day;
  s.namespace('kube-system', 40 * day);
  s.add({
    kind: 'IngressClass',
    apiVersion: 'networking.k8s.io/v1',
    metadata: {
      name: 'nginx',
      uid: '5b0e1d52-8a65-4c0e-9a63-3f1c1f0e6a01',
      resourceVersion: '412',
      creationTimestamp: s.clock.ago(age),
      labels: {
        'app.kubernetes.io/name': 'ingress-nginx',
        'app.kubernetes.io/component': 'controller',
      },
    },
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
  const dns = s.deployment({
    namespace: 'kube-system',
    name: 'coredns',
    labels: { 'k8s-app': 'kube-dns' },
    containers: [
      {
        name: 'coredns',
        image: 'registry.k8s.io/coredns/coredns:v1.11.3',
        ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }],
      },
    ],
    replicas: 2,
    ageSeconds: 40 * day,
  });
  for (const pod of dns.pods) s.podStartEvents(pod, 40 * day);
  // Not DNS: must stay out of the bundle.
  s.deployment({
    namespace: 'kube-system',
    name: 'metrics-server',
    labels: { 'k8s-app': 'metrics-server' },
    containers: [
      { name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2' },
    ],
    ageSeconds: 40 * day,
  });
  if (!options.controller) return;
  s.namespace('ingress-nginx', age);
  const existing = s.all('Pod').some((p) => p.metadata.namespace === 'ingress-nginx');
  const controllerPods = existing
    ? s.all('Pod').filter((p) => p.metadata.namespace === 'ingress-nginx')
    : s.deployment({
        namespace: 'ingress-nginx',
        name: 'ingress-nginx-controller',
        labels: {
          'app.kubernetes.io/name': 'ingress-nginx',
          'app.kubernetes.io/component': 'controller',
        },
        containers: [
          {
            name: 'controller',
            image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2',
            ports: [
              { name: 'http', containerPort: 80 },
              { name: 'https', containerPort: 443 },
            ],
          },
        ],
        ageSeconds: age,
      }).pods;
  s.service({
    namespace: 'ingress-nginx',
    name: 'ingress-nginx-controller',
    selector: {
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/component': 'controller',
    },
    type: 'LoadBalancer',
    loadBalancerIP: '203.0.113.20',
    ports: [
      { name: 'http', port: 80, targetPort: 'http', nodePort: 30080 },
      { name: 'https', port: 443, targetPort: 'https', nodePort: 30443 },
    ],
    ageSeconds: age,
  });
  const request = {
    client: '198.51.100.7',
    server: 'studio.example.com',
    request: 'GET / HTTP/1.1',
    upstream: '',
    host: 'studio.example.com',
    status: 200,
    bytes: 1843,
    agent: 'Mozilla/5.0',
  };
  for (const pod of controllerPods) {
    s.log(
      'ingress-nginx',
      pod.metadata.name,
      'controller',
      lines(nginxAccess(s.clock, 30, request), nginxAccess(s.clock, 10, request)),
    );
  }
}

/** Values planted where a careless collector would copy them; none may reach the bundle. */
export const canaries = {
  secretData: 'canary-secret-data-7Q2mXv',
  envValue: 'canary-env-value-Jk48Lp',
  configMapValue: 'canary-configmap-value-Wd93Zt',
  logPassword: 'canary-log-password-Hq57Rn',
} as const;

export interface HealthyStudio {
  scenario: Scenario;
  backendPod: Obj;
  /** The private key of the TLS Secret (a canary too). */
  tlsKey: string;
}

/**
 * A healthy Studio: PostgreSQL, Redis, backend, worker and frontend Ready behind a TLS
 * Ingress, with canaries planted in a Secret, an env value, a ConfigMap, a connection string
 * in the backend's log and the TLS private key.
 */
export async function healthyStudio(now = new Date()): Promise<HealthyStudio> {
  const s = new Scenario({ now });
  const ns = studioNamespace;
  const age = 20 * day;
  s.namespace(ns, age);
  s.node({ ageSeconds: 40 * day });
  const postgres = s.deployment({
    namespace: ns,
    name: 'datachain-studio-postgres',
    labels: label('postgres'),
    containers: [
      {
        name: 'postgres',
        image: 'postgres:15.18',
        ports: [{ name: 'postgres', containerPort: 5432 }],
      },
    ],
    ageSeconds: age,
  });
  s.log(ns, postgres.pods[0]!.metadata.name, 'postgres', lines(...postgresBoot(s.clock, age - 5)));
  s.service({
    namespace: ns,
    name: 'datachain-studio-postgres',
    selector: label('postgres'),
    ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }],
    ageSeconds: age,
  });
  s.deployment({
    namespace: ns,
    name: 'datachain-studio-redis',
    labels: label('redis'),
    containers: [
      { name: 'redis', image: 'redis:7.2.4', ports: [{ name: 'redis', containerPort: 6379 }] },
    ],
    ageSeconds: age,
  });
  s.service({
    namespace: ns,
    name: 'datachain-studio-redis',
    selector: label('redis'),
    ports: [{ name: 'redis', port: 6379, targetPort: 6379 }],
    ageSeconds: age,
  });
  const backend = s.deployment({
    namespace: ns,
    name: 'datachain-studio-backend',
    labels: label('backend'),
    containers: [
      {
        name: 'datachain-studio-backend',
        image: image('backend'),
        ports: [{ name: 'http', containerPort: 8000 }],
        env: [
          { name: 'DB_PASSWORD', value: canaries.envValue },
          {
            name: 'DATABASE_URL',
            valueFrom: { secretKeyRef: { name: 'datachain-studio-secrets', key: 'DATABASE_URL' } },
          },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
      },
    ],
    replicas: 2,
    ageSeconds: age,
  });
  const backendPod = backend.pods[0]!;
  for (const pod of backend.pods) {
    s.log(
      ns,
      pod.metadata.name,
      'datachain-studio-backend',
      lines(...gunicornBoot(s.clock, age - 10, [7, 8])),
    );
  }
  s.service({
    namespace: ns,
    name: 'datachain-studio-backend',
    selector: label('backend'),
    ports: [{ name: 'http', port: 8000, targetPort: 8000 }],
    ageSeconds: age,
  });
  const worker = s.deployment({
    namespace: ns,
    name: 'datachain-studio-worker',
    labels: label('worker'),
    containers: [{ name: 'datachain-studio-worker', image: image('worker') }],
    ageSeconds: age,
  });
  const workerPod = worker.pods[0]!;
  s.log(
    ns,
    workerPod.metadata.name,
    'datachain-studio-worker',
    lines(
      ...celeryReady(
        s.clock,
        age - 8,
        workerPod.metadata.name,
        'redis://datachain-studio-redis:6379/0',
      ),
    ),
  );
  const frontend = s.deployment({
    namespace: ns,
    name: 'datachain-studio-frontend',
    labels: label('frontend'),
    containers: [
      {
        name: 'datachain-studio-frontend',
        image: image('frontend'),
        ports: [{ name: 'http', containerPort: 8080 }],
      },
    ],
    ageSeconds: age,
  });
  // nginx logs the request line as the client sent it: here a connection string with its
  // password in the query, the way one reaches a log in real life.
  const leaky = {
    client: '10.42.0.1',
    server: 'studio.example.com',
    request: `GET /api/datasets/test-connection?uri=postgresql://studio:${canaries.logPassword}@datachain-studio-postgres:5432/studio HTTP/1.1`,
    upstream: '',
    host: 'studio.example.com',
    status: 200,
    bytes: 52,
    agent: 'python-requests/2.32.3',
  };
  s.log(
    ns,
    frontend.pods[0]!.metadata.name,
    'datachain-studio-frontend',
    lines(nginxAccess(s.clock, 60, leaky)),
  );
  s.service({
    namespace: ns,
    name: 'datachain-studio-frontend',
    selector: label('frontend'),
    ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
    ageSeconds: age,
  });
  s.ingress({
    namespace: ns,
    name: 'datachain-studio-ingress',
    className: 'nginx',
    host: 'studio.example.com',
    service: 'datachain-studio-frontend',
    port: 8080,
    tlsSecret: 'datachain-studio-tls',
    address: '203.0.113.20',
    ageSeconds: age,
  });
  s.configMap(
    ns,
    'datachain-studio-config',
    {
      STUDIO_URL: 'https://studio.example.com',
      SECRET_KEY: canaries.configMapValue,
      LOG_LEVEL: 'info',
    },
    age,
  );
  s.secret(
    ns,
    'datachain-studio-secrets',
    'Opaque',
    {
      DATABASE_URL: `postgresql://studio:${canaries.secretData}@datachain-studio-postgres:5432/studio`,
    },
    age,
  );
  const tls = await s.tlsSecret(
    ns,
    'datachain-studio-tls',
    {
      hosts: ['studio.example.com'],
      notBefore: new Date(now.getTime() - 30 * day * 1000),
      notAfter: new Date(now.getTime() + 60 * day * 1000),
    },
    age,
  );
  addClusterParts(s);
  const tlsKey = Buffer.from((tls.data as Record<string, string>)['tls.key']!, 'base64').toString();
  return { scenario: s, backendPod, tlsKey };
}

/** The Studio scenario answering 502 (PostgreSQL Service selects no pods), with the cluster around it. */
export async function brokenStudioCluster(now = new Date()): Promise<Scenario> {
  const { scenario } = await brokenStudio(now);
  addClusterParts(scenario);
  return scenario;
}

/**
 * A backend whose image cannot be pulled: it never started, so it has no log to ask for.
 * Event text is the kubelet's ("Back-off pulling image %q", pkg/kubelet/images).
 */
export async function imagePullStudio(now = new Date()): Promise<Scenario> {
  const { scenario: s } = await healthyStudio(now);
  const pull = s.deployment({
    namespace: studioNamespace,
    name: 'datachain-studio-scheduler',
    labels: label('scheduler'),
    containers: [
      {
        name: 'datachain-studio-scheduler',
        image: image('scheduler'),
        state: {
          waiting: {
            reason: 'ImagePullBackOff',
            message: `Back-off pulling image "${image('scheduler')}"`,
          },
        },
        ready: false,
      },
    ],
    ageSeconds: 600,
  });
  s.event(pull.pods[0]!, {
    reason: 'BackOff',
    message: `Back-off pulling image "${image('scheduler')}"`,
    type: 'Warning',
    component: 'kubelet',
    host: s.nodeName,
    fieldPath: 'spec.containers{datachain-studio-scheduler}',
    count: 12,
    ageSeconds: 590,
    lastSeenSeconds: 15,
  });
  return s;
}
