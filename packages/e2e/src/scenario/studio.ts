import {
  gunicornBoot,
  gunicornBootFailure,
  libpqRefused,
  lines,
  nginxAccess,
  nginxUpstreamRefused,
  postgresBoot,
  celeryReady,
} from './logs.js';
import { Scenario, type Obj } from './scenario.js';

export const studioNamespace = 'datachain-studio';
const day = 86400;

/** Names of the Studio scenario's main objects, for tests to look up. */
export interface StudioScenario {
  scenario: Scenario;
  backendPod: Obj;
  frontendPod: Obj;
  postgresPod: Obj;
}

/**
 * A Studio install answering 502: the PostgreSQL Service selects no pods (its selector
 * names a label the postgres pods do not carry), so the backend's connections are refused,
 * its gunicorn worker fails to boot and the pod crash-loops; the frontend's nginx then
 * gets connection refused from the backend Service. Everything else is healthy: redis,
 * worker, ingress with a valid TLS certificate, node Ready.
 */
export async function brokenStudio(now = new Date()): Promise<StudioScenario> {
  const s = new Scenario({ now });
  const ns = studioNamespace;
  const age = 20 * day;
  s.namespace(ns, age);
  s.namespace('ingress-nginx', age);
  s.node({ ageSeconds: 40 * day });

  const label = (component: string) => ({
    'app.kubernetes.io/name': `datachain-studio-${component}`,
    'app.kubernetes.io/instance': 'datachain-studio',
  });
  const image = (component: string) => `registry.datachain.ai/studio-${component}:v2.14.0`;

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
  const postgresPod = postgres.pods[0]!;
  s.log(ns, postgresPod.metadata.name, 'postgres', lines(...postgresBoot(s.clock, age - 5)));
  // The selector names the chart's old label, which no pod carries: no endpoints.
  s.service({
    namespace: ns,
    name: 'datachain-studio-postgres',
    selector: { app: 'datachain-studio-postgres' },
    ports: [{ name: 'postgres', port: 5432, targetPort: 5432 }],
    ageSeconds: age,
  });
  const postgresService = s.find('Service', ns, 'datachain-studio-postgres')!;
  const postgresIP = (postgresService.spec as { clusterIP: string }).clusterIP;

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

  const crashes = 7;
  const lastCrash = 95;
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
          {
            name: 'DATABASE_URL',
            valueFrom: { secretKeyRef: { name: 'datachain-studio-secrets', key: 'DATABASE_URL' } },
          },
          {
            name: 'REDIS_URL',
            valueFrom: { secretKeyRef: { name: 'datachain-studio-secrets', key: 'REDIS_URL' } },
          },
        ],
        state: { waiting: { reason: 'CrashLoopBackOff' } },
        lastState: s.terminated('Error', 3, lastCrash + 2, lastCrash),
        ready: false,
        restartCount: crashes,
      },
    ],
    ageSeconds: 3 * 3600,
  });
  const backendPod = backend.pods[0]!;
  const backendName = backendPod.metadata.name;
  // The kubelet's waiting message names the pod it belongs to.
  const status = backendPod.status as { containerStatuses: { state: unknown }[] };
  status.containerStatuses[0]!.state = s.crashLoop('datachain-studio-backend', backendName, ns);
  const crashLog = (at: number) =>
    lines(
      ...gunicornBoot(s.clock, at + 2, [7]),
      ...gunicornBootFailure(s.clock, at, 7, libpqRefused('datachain-studio-postgres', postgresIP)),
    );
  s.log(ns, backendName, 'datachain-studio-backend', crashLog(lastCrash));
  s.log(ns, backendName, 'datachain-studio-backend', crashLog(lastCrash + 300), true);
  s.event(backendPod, {
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    type: 'Warning',
    component: 'kubelet',
    host: s.nodeName,
    fieldPath: 'spec.containers{datachain-studio-backend}',
    count: 31,
    ageSeconds: 3 * 3600 - 60,
    lastSeenSeconds: 20,
  });
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
  const frontendPod = frontend.pods[0]!;
  const backendService = s.find('Service', ns, 'datachain-studio-backend')!;
  const backendIP = (backendService.spec as { clusterIP: string }).clusterIP;
  const request = {
    client: '10.42.0.1',
    server: 'studio.example.com',
    request: 'GET /api/health HTTP/1.1',
    upstream: `http://${backendIP}:8000/api/health`,
    host: 'studio.example.com',
    status: 502,
    bytes: 157,
    agent: 'curl/7.88.1',
  };
  s.log(
    ns,
    frontendPod.metadata.name,
    'datachain-studio-frontend',
    lines(
      nginxUpstreamRefused(s.clock, 40, 29, 1, request),
      nginxAccess(s.clock, 40, request),
      nginxUpstreamRefused(s.clock, 12, 29, 3, request),
      nginxAccess(s.clock, 12, request),
    ),
  );
  s.service({
    namespace: ns,
    name: 'datachain-studio-frontend',
    selector: label('frontend'),
    ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
    ageSeconds: age,
  });
  s.service({
    namespace: ns,
    name: 'datachain-studio-lb',
    selector: label('frontend'),
    type: 'LoadBalancer',
    loadBalancerIP: '203.0.113.10',
    ports: [
      { name: 'http', port: 80, targetPort: 8080, nodePort: 31080 },
      { name: 'https', port: 443, targetPort: 8080, nodePort: 31443 },
    ],
    ageSeconds: age,
  });

  s.deployment({
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
  });
  s.ingress({
    namespace: ns,
    name: 'datachain-studio-ingress',
    className: 'nginx',
    host: 'studio.example.com',
    service: 'datachain-studio-frontend',
    port: 8080,
    tlsSecret: 'datachain-studio-tls',
    address: '203.0.113.10',
    ageSeconds: age,
  });

  s.configMap(
    ns,
    'datachain-studio-config',
    { STUDIO_URL: 'https://studio.example.com', LOG_LEVEL: 'info', GUNICORN_WORKERS: '1' },
    age,
  );
  s.secret(
    ns,
    'datachain-studio-secrets',
    'Opaque',
    {
      DATABASE_URL: `postgresql://studio:s3cr3t-db-password@datachain-studio-postgres:5432/studio`,
      REDIS_URL: 'redis://:s3cr3t-redis-password@datachain-studio-redis:6379/0',
    },
    age,
  );
  s.secret(
    ns,
    'datachain-registry',
    'kubernetes.io/dockerconfigjson',
    {
      '.dockerconfigjson': JSON.stringify({
        auths: {
          'registry.datachain.ai': { username: 'customer', password: 's3cr3t-registry-token' },
        },
      }),
    },
    age,
  );
  await s.tlsSecret(
    ns,
    'datachain-studio-tls',
    {
      hosts: ['studio.example.com'],
      notBefore: new Date(now.getTime() - 30 * day * 1000),
      notAfter: new Date(now.getTime() + 60 * day * 1000),
    },
    age,
  );
  return { scenario: s, backendPod, frontendPod, postgresPod };
}

/** `count` ready pods of one deployment: for pagination tests and benchmarks. */
export function manyPods(count: number, now = new Date()): Scenario {
  const s = new Scenario({ now });
  s.namespace(studioNamespace, 20 * day);
  s.node({ ageSeconds: 40 * day });
  s.deployment({
    namespace: studioNamespace,
    name: 'datachain-studio-worker',
    labels: { 'app.kubernetes.io/name': 'datachain-studio-worker' },
    containers: [
      { name: 'datachain-studio-worker', image: 'registry.datachain.ai/studio-worker:v2.14.0' },
    ],
    replicas: count,
    ageSeconds: 2 * day,
  });
  return s;
}
