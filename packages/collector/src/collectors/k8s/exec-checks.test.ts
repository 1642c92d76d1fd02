import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  execOutputPath,
  execResultPath,
  validate,
  type ExecCheckResult,
} from '@studio-support/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { execExit, execSuccess, json, status, type ExecScript } from '../../k8s/testing.js';
import { execBackend, guideDatabaseCheck } from './exec-backend.js';
import { execFrontend } from './exec-frontend.js';
import { tryCollector, type CollectorTrial } from './testing.js';

let trial: CollectorTrial | undefined;
afterEach(() => trial?.close());

// Output quoted from the evidence corpus (packages/e2e/src/evidence): psycopg2 2.9.5, nslookup
// 9.18 and getent as they printed it; the runtime's not-found Status from containerd.
const refused =
  'Database connection failed: connection to server at "10.43.71.20", port 5432 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n';
const notFound = (program: string) =>
  `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "fc7ef1a745ffd71b0d28376f80ab706bf896fb8e13c501e66a2889286eda97f9": OCI runtime exec failed: exec failed: unable to start container process: exec: "${program}": executable file not found in $PATH: unknown`;
const missing = (program: string): ExecScript => ({
  status: { status: 'Failure', reason: 'InternalError', code: 500, message: notFound(program) },
});

const pod = (name: string, ready: boolean, labels: Record<string, string>, port?: number) => ({
  metadata: { name, namespace: 'studio', labels },
  spec: {
    containers: [
      { name: 'sidecar' },
      { name: name.split('-')[0], ...(port && { ports: [{ containerPort: port }] }) },
    ],
  },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const pods = {
  items: [
    pod('backend-b', true, { app: 'backend' }, 8000),
    pod('backend-a', false, { app: 'backend' }, 8000),
    pod('frontend-a', true, { 'app.kubernetes.io/name': 'studio-frontend' }, 8080),
  ],
};
const services = {
  items: [
    {
      metadata: { name: 'studio-api' },
      spec: { selector: { app: 'backend' }, ports: [{ port: 8000 }] },
    },
  ],
};

function api(script: (pod: string, container: string, command: string[]) => ExecScript) {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => [...p][0] ?? false });
  return {
    handler: (_req: IncomingMessage, res: ServerResponse, url: URL) => {
      if (url.pathname === '/api/v1/namespaces/studio/pods') return json(res, 200, pods);
      if (url.pathname === '/api/v1/namespaces/studio/services') return json(res, 200, services);
      status(res, 404, 'NotFound', 'not found');
    },
    onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
      const name = /\/pods\/([^/]+)\/exec$/.exec(url.pathname)?.[1] ?? '';
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        const s = script(
          name,
          url.searchParams.get('container') ?? '',
          url.searchParams.getAll('command'),
        );
        const send = (channel: number, text: string) =>
          ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(text)]));
        if (s.stdout) send(1, s.stdout);
        if (s.stderr) send(2, s.stderr);
        if (s.status) {
          send(3, JSON.stringify(s.status));
          ws.close(1000);
        }
      });
    },
  };
}

const result = (t: CollectorTrial, pod: string, id: string) =>
  t.json<ExecCheckResult>(execResultPath('studio', pod, id));

describe('exec-backend', () => {
  it('runs the guide’s checks in the Ready backend pod’s serving container and records each', async () => {
    const seen: string[] = [];
    const a = api((pod, container, command) => {
      seen.push(`${pod}/${container}: ${command[0]}`);
      if (command[0] === 'python') return missing('python');
      if (command[0] === 'python3' && command[2] === guideDatabaseCheck) {
        return { stdout: refused, status: execSuccess };
      }
      if (command[0] === 'python3')
        return { stdout: 'Redis connection: OK\n', status: execSuccess };
      if (command[0] === 'curl') return { status: execExit(7) };
      return {
        stdout:
          'PATH=/usr/local/bin:/usr/bin\nDATABASE_URL=postgresql://studio:canary-pw@db:5432/studio\nSECRET_KEY=canary-key\nSTUDIO_URL=https://studio.example.com\n',
        status: execSuccess,
      };
    });
    trial = await tryCollector(execBackend, a.handler, {
      options: { execChecks: true },
      onUpgrade: a.onUpgrade,
    });
    expect(trial.run.errors).toEqual([]);
    expect(trial.run.status).toBe('ok');
    expect(seen).toEqual([
      'backend-b/backend: python',
      'backend-b/backend: python3',
      'backend-b/backend: python',
      'backend-b/backend: python3',
      'backend-b/backend: curl',
      'backend-b/backend: env',
    ]);
    const ids = ['database', 'database-python3', 'redis', 'redis-python3', 'health', 'env'];
    expect(trial.run.files).toEqual(
      ids
        .flatMap((id) => [
          execResultPath('studio', 'backend-b', id),
          ...(id === 'database' || id === 'redis'
            ? []
            : [execOutputPath('studio', 'backend-b', id)]),
        ])
        .sort(),
    );
    for (const id of ids)
      expect(validate('exec-check', await result(trial, 'backend-b', id))).toEqual([]);
    expect(await result(trial, 'backend-b', 'database')).toMatchObject({
      check: 'database',
      argv: ['python', '-c', guideDatabaseCheck],
      missing: true,
      exitCode: null,
      error: notFound('python'),
    });
    expect(await result(trial, 'backend-b', 'database-python3')).toMatchObject({
      check: 'database',
      exitCode: 0,
      missing: false,
    });
    expect(await trial.text(execOutputPath('studio', 'backend-b', 'database-python3'))).toBe(
      refused,
    );
    expect(await result(trial, 'backend-b', 'health')).toMatchObject({ exitCode: 7 });
    expect(await trial.text(execOutputPath('studio', 'backend-b', 'env'))).toBe(
      'PATH=/usr/local/bin:/usr/bin\nDATABASE_URL=postgresql://studio:***@db:5432/studio\nSECRET_KEY=***\nSTUDIO_URL=https://studio.example.com\n',
    );
  });

  it('is skipped, with no request, without --exec-checks', async () => {
    const a = api(() => ({ status: execSuccess }));
    trial = await tryCollector(execBackend, a.handler, { onUpgrade: a.onUpgrade });
    expect(trial.run).toMatchObject({ status: 'skipped', reason: '--exec-checks not given' });
    expect(trial.api.seen).toEqual([]);
  });

  it('records a refused exec once and runs nothing else in that pod', async () => {
    const body = JSON.stringify({
      kind: 'Status',
      status: 'Failure',
      message:
        'pods "backend-b" is forbidden: User "support" cannot create resource "pods/exec" in API group "" in the namespace "studio"',
      reason: 'Forbidden',
      code: 403,
    });
    const a = api(() => ({}));
    trial = await tryCollector(execBackend, a.handler, {
      options: { execChecks: true },
      onUpgrade: (_req, socket) =>
        socket.end(
          `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        ),
    });
    expect(trial.run).toMatchObject({
      status: 'failed',
      files: [],
      errors: [
        {
          code: 'Forbidden',
          httpStatus: 403,
          resource: 'pods/exec',
          path: execResultPath('studio', 'backend-b', 'database'),
          message: expect.stringMatching(
            /^backend-b: no in-pod checks ran: 403 Forbidden: pods "backend-b" is forbidden/,
          ),
        },
      ],
    });
    expect(trial.api.seen.filter((r) => r.method.endsWith('upgrade'))).toHaveLength(1);
  });

  it('ends a check that never finishes at --exec-timeout, keeps its output and goes on', async () => {
    const a = api((_pod, _c, command) =>
      command[0] === 'curl' ? { stdout: '{"status"' } : { stdout: 'ok\n', status: execSuccess },
    );
    trial = await tryCollector(execBackend, a.handler, {
      options: { execChecks: true, execTimeoutMs: 300 },
      onUpgrade: a.onUpgrade,
    });
    expect(trial.run.status).toBe('partial');
    expect(trial.run.errors).toEqual([
      {
        code: 'Timeout',
        resource: 'pods/exec',
        path: execOutputPath('studio', 'backend-b', 'health'),
        message:
          'backend-b: curl -sf -m 5 http://localhost:8000/health: still running after 300ms (--exec-timeout); ended, the output up to then is kept',
      },
    ]);
    expect(await result(trial, 'backend-b', 'health')).toMatchObject({
      timedOut: true,
      exitCode: null,
    });
    expect(await trial.text(execOutputPath('studio', 'backend-b', 'health'))).toBe('{"status"');
    expect(await result(trial, 'backend-b', 'env')).toMatchObject({ exitCode: 0 });
  });
});

describe('exec-frontend', () => {
  it('asks the backend Service’s /health and resolves its name, with getent when nslookup is missing', async () => {
    const seen: string[][] = [];
    const a = api((_pod, _c, command) => {
      seen.push(command);
      if (command[0] === 'nslookup') return missing('nslookup');
      if (command[0] === 'getent') {
        return {
          stdout: '10.43.18.117    studio-api.studio.svc.cluster.local\n',
          status: execSuccess,
        };
      }
      return {
        stdout:
          'HTTP/1.1 200 OK\r\nServer: gunicorn\r\nConnection: close\r\nContent-Type: application/json\r\n\r\n',
        status: execSuccess,
      };
    });
    trial = await tryCollector(execFrontend, a.handler, {
      options: { execChecks: true },
      onUpgrade: a.onUpgrade,
    });
    expect(trial.run).toMatchObject({ status: 'ok', errors: [] });
    expect(seen).toEqual([
      ['curl', '-sS', '-I', '-m', '5', 'http://studio-api:8000/health'],
      ['nslookup', 'studio-api.studio.svc.cluster.local'],
      ['getent', 'hosts', 'studio-api.studio.svc.cluster.local'],
    ]);
    expect(await result(trial, 'frontend-a', 'dns')).toMatchObject({ missing: true });
    expect(await result(trial, 'frontend-a', 'dns-getent')).toMatchObject({
      check: 'dns',
      exitCode: 0,
    });
  });
});
