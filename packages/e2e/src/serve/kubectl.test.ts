import { X509Certificate } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type ServeHandle } from '@studio-support/analyzer';
import { podLogPath, resourceKinds } from '@studio-support/schema';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { KubectlPin } from '../kubectl.js';
import {
  brokenStudio,
  manyPods,
  studioNamespace,
  type Obj,
  type StudioScenario,
} from '../scenario/index.js';
import { Kubectl, parseTable, parseTables } from './kubectl-run.js';

/**
 * The real kubectl (pinned, newest and oldest supported) against `studio-analyze serve`
 * over a scenario built in code: what kubectl prints is compared with what the scenario
 * holds, so the server is proven to speak the Kubernetes API kubectl expects.
 */
const ns = studioNamespace;
let dir: string;
let studio: StudioScenario;
let server: ServeHandle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'serve-studio-'));
  studio = await brokenStudio();
  await studio.scenario.write(dir);
  server = await startServer({ bundle: dir });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const names = (kind: string, namespace = ns) =>
  studio.scenario
    .all(kind)
    .filter((o) => o.metadata.namespace === namespace)
    .map((o) => o.metadata.name)
    .sort();
const podIP = (pod: Obj) => (pod.status as { podIP: string }).podIP;

describe.each<KubectlPin>(['newest', 'oldest'])('kubectl (%s pin) reads a served Studio', (pin) => {
  let kubectl: Kubectl;
  const run = (...args: string[]) => kubectl.run(server.kubeconfigPath, args);
  beforeAll(async () => {
    kubectl = await Kubectl.create(pin);
  });

  it('get pods -n datachain-studio -o wide: status computed as a live cluster shows it', async () => {
    const r = await run('get', 'pods', '-n', ns, '-o', 'wide');
    expect(r.stderr).toBe('');
    const rows = parseTable(r.stdout);
    expect(rows.map((row) => row.NAME)).toEqual(names('Pod'));
    for (const row of rows) {
      const pod = studio.scenario.find('Pod', ns, row.NAME!)!;
      expect(row.IP).toBe(podIP(pod));
      expect(row.NODE).toBe(studio.scenario.nodeName);
      expect(row['NOMINATED NODE']).toBe('<none>');
      if (row.NAME === studio.backendPod.metadata.name) {
        expect(row).toMatchObject({ READY: '0/1', STATUS: 'CrashLoopBackOff', AGE: '3h' });
        expect(row.RESTARTS).toMatch(/^7 \(\d+s ago\)$/);
      } else {
        expect(row).toMatchObject({ READY: '1/1', STATUS: 'Running', RESTARTS: '0', AGE: '20d' });
      }
    }
  });

  it('describe pod shows its state and its events', async () => {
    const pod = studio.backendPod.metadata.name;
    const r = await run('describe', 'pod', pod, '-n', ns);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/State:\s+Waiting\n\s+Reason:\s+CrashLoopBackOff/);
    expect(r.stdout).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Error\n\s+Exit Code:\s+3/);
    expect(r.stdout).toMatch(/Restart Count:\s+7/);
    const events = r.stdout.slice(r.stdout.indexOf('\nEvents:'));
    const expected = studio.scenario
      .all('Event')
      .filter((e) => (e.involvedObject as { name: string }).name === pod);
    expect(expected.length).toBeGreaterThan(3);
    for (const e of expected) expect(events).toContain(e.message as string);
    // kubectl 1.35 prefixes the message with the event's subobject; 1.32 does not.
    expect(events).toMatch(
      /Warning\s+BackOff\s+\S+ \(x31 over \S+\)\s+kubelet\s+(spec\.containers\{datachain-studio-backend\}: )?Back-off restarting failed container/,
    );
  });

  it('logs --previous returns the crashed instance’s log, byte for byte', async () => {
    const pod = studio.backendPod.metadata.name;
    const r = await run('logs', pod, '-n', ns, '--previous');
    expect(r.stdout).toBe(
      await readFile(join(dir, podLogPath(ns, pod, 'datachain-studio-backend', true)), 'utf8'),
    );
  });
});

describe('kubectl (newest pin), the rest of the support checklist', () => {
  let kubectl: Kubectl;
  const run = (...args: string[]) => kubectl.run(server.kubeconfigPath, args);
  beforeAll(async () => {
    kubectl = await Kubectl.create('newest');
  });

  it('get events lists every event of the namespace', async () => {
    const r = await run('get', 'events', '-n', ns);
    const rows = parseTable(r.stdout);
    expect(rows).toHaveLength(names('Event').length);
    expect(rows).toContainEqual({
      'LAST SEEN': expect.stringMatching(/^\d+s$/),
      TYPE: 'Warning',
      REASON: 'BackOff',
      OBJECT: `pod/${studio.backendPod.metadata.name}`,
      MESSAGE: 'Back-off restarting failed container',
    });
    const scheduled = rows.filter((row) => row.REASON === 'Scheduled');
    expect(scheduled.map((row) => row.OBJECT).sort()).toEqual(names('Pod').map((p) => `pod/${p}`));
  });

  it('logs -c returns the container’s current log', async () => {
    const pod = studio.frontendPod.metadata.name;
    const r = await run('logs', pod, '-n', ns, '-c', 'datachain-studio-frontend');
    const file = await readFile(
      join(dir, podLogPath(ns, pod, 'datachain-studio-frontend', false)),
      'utf8',
    );
    expect(r.stdout).toBe(file);
    expect(r.stdout).toContain(
      'connect() failed (111: Connection refused) while connecting to upstream',
    );
    const tail = await run('logs', pod, '-n', ns, '-c', 'datachain-studio-frontend', '--tail=1');
    expect(tail.stdout).toBe(file.split('\n').slice(-2).join('\n'));
  });

  it('get deploy,svc,endpoints,ingress,configmaps: every object, with its columns', async () => {
    const r = await run('get', 'deploy,svc,endpoints,ingress,configmaps', '-n', ns);
    expect(r.code).toBe(0);
    const [deploys, services, endpoints, ingresses, configmaps] = parseTables(r.stdout);
    const bare = (rows: Record<string, string>[] | undefined) =>
      (rows ?? []).map((row) => row.NAME!.replace(/^[^/]+\//, ''));
    expect(bare(deploys)).toEqual(names('Deployment'));
    expect(bare(services)).toEqual(names('Service'));
    expect(bare(endpoints)).toEqual(names('Service'));
    expect(bare(ingresses)).toEqual(names('Ingress'));
    expect(bare(configmaps)).toEqual(names('ConfigMap'));
    expect(deploys!.find((d) => d.NAME!.endsWith('/datachain-studio-backend'))).toMatchObject({
      READY: '0/1',
      'UP-TO-DATE': '1',
      AVAILABLE: '0',
    });
    const postgres = studio.scenario.find('Service', ns, 'datachain-studio-postgres')!;
    expect(services!.find((s) => s.NAME === 'service/datachain-studio-postgres')).toMatchObject({
      TYPE: 'ClusterIP',
      'CLUSTER-IP': (postgres.spec as { clusterIP: string }).clusterIP,
      'EXTERNAL-IP': '<none>',
      'PORT(S)': '5432/TCP',
    });
    expect(services!.find((s) => s.NAME === 'service/datachain-studio-lb')).toMatchObject({
      TYPE: 'LoadBalancer',
      'EXTERNAL-IP': '203.0.113.10',
      'PORT(S)': '80:31080/TCP,443:31443/TCP',
    });
    // The selector matches no pod: no endpoints. The backend pod is not ready: none either.
    expect(
      endpoints!.find((e) => e.NAME === 'endpoints/datachain-studio-postgres')!.ENDPOINTS,
    ).toBe('<none>');
    expect(endpoints!.find((e) => e.NAME === 'endpoints/datachain-studio-backend')!.ENDPOINTS).toBe(
      '',
    );
    expect(
      endpoints!.find((e) => e.NAME === 'endpoints/datachain-studio-redis')!.ENDPOINTS,
    ).toMatch(/^10\.42\.\d+\.\d+:6379$/);
    expect(ingresses![0]).toMatchObject({
      CLASS: 'nginx',
      HOSTS: 'studio.example.com',
      ADDRESS: '203.0.113.10',
      PORTS: '80, 443',
    });
    expect(configmaps![0]).toMatchObject({ NAME: 'configmap/datachain-studio-config', DATA: '3' });
  });

  it('get nodes', async () => {
    const rows = parseTable((await run('get', 'nodes')).stdout);
    expect(rows).toEqual([
      {
        NAME: 'studio-node-1',
        STATUS: 'Ready',
        ROLES: 'control-plane',
        AGE: '40d',
        VERSION: 'v1.31.2+k3s1',
      },
    ]);
  });

  it('get secrets serves scenario Secrets with their data, as a real API server does', async () => {
    const rows = parseTable((await run('get', 'secrets', '-n', ns)).stdout);
    expect(rows.find((row) => row.NAME === 'datachain-studio-tls')).toMatchObject({
      TYPE: 'kubernetes.io/tls',
      DATA: '2',
    });
    const crt = await run(
      'get',
      'secret',
      'datachain-studio-tls',
      '-n',
      ns,
      '-o',
      'jsonpath={.data.tls\\.crt}',
    );
    const cert = new X509Certificate(Buffer.from(crt.stdout, 'base64'));
    expect(cert.subject).toBe('CN=studio.example.com');
    expect(cert.subjectAltName).toBe('DNS:studio.example.com');
  });

  it('api-resources lists what discovery serves: every kind of the bundle format, and secrets', async () => {
    const r = await run('api-resources', '-o', 'name');
    expect(r.stderr).toBe('');
    const listed = r.stdout.trim().split('\n');
    const expected = resourceKinds.map((k) => (k.group ? `${k.resource}.${k.group}` : k.resource));
    expect(listed).toEqual(
      expect.arrayContaining([...expected, 'secrets', 'replicationcontrollers']),
    );
  });

  it('a write fails with a clear read-only message', async () => {
    const r = await run('delete', 'pod', studio.backendPod.metadata.name, '-n', ns);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
      /^Error from server \(MethodNotAllowed\): DELETE on pods is not allowed: studio-analyze serve is a read-only view of a support bundle/,
    );
    const still = await run('get', 'pod', studio.backendPod.metadata.name, '-n', ns);
    expect(still.code).toBe(0);
  });

  it('refuses a wrong token (kubectl: not logged in) and no token (401 Status)', async () => {
    const config = parse(await readFile(server.kubeconfigPath, 'utf8'));
    config.users[0].user.token = 'not-the-token';
    const wrong = join(dir, 'wrong-token.kubeconfig');
    await writeFile(wrong, stringify(config));
    const r = await kubectl.run(wrong, ['get', 'pods']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('error: You must be logged in to the server (Unauthorized)');
    const anonymous = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = httpsRequest(
        `${server.url}/api/v1/pods`,
        { ca: server.caPem, timeout: 5000 },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body)).toMatchObject({
      kind: 'Status',
      reason: 'Unauthorized',
      code: 401,
    });
  });
});

describe('kubectl get pods --chunk-size=2 over many pods', () => {
  it('pages through every pod with limit/continue', async () => {
    const many = manyPods(25);
    const manyDir = await mkdtemp(join(tmpdir(), 'serve-many-'));
    await many.write(manyDir);
    const s = await startServer({ bundle: manyDir });
    try {
      const kubectl = await Kubectl.create('newest');
      const r = await kubectl.run(s.kubeconfigPath, ['get', 'pods', '-n', ns, '--chunk-size=2']);
      const expected = many
        .all('Pod')
        .map((p) => p.metadata.name)
        .sort();
      expect(parseTable(r.stdout).map((row) => row.NAME)).toEqual(expected);
      const lists = () =>
        s.requests().filter((q) => q.path.startsWith(`/api/v1/namespaces/${ns}/pods?`));
      // Records land when each connection's answer closes, a moment after kubectl has it.
      await vi.waitFor(() => expect(lists()).toHaveLength(13));
      expect(
        lists()
          .slice(1)
          .every((q) => q.path.includes('continue=') && q.path.includes('limit=2')),
      ).toBe(true);
    } finally {
      await s.close();
      await rm(manyDir, { recursive: true, force: true });
    }
  });
});
