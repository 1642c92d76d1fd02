import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError } from './api-error.js';
import { KubeClient } from './client.js';
import { execInPod, execProtocols } from './exec.js';
import {
  execExit,
  execSuccess,
  startTestApi,
  status,
  type ExecScript,
  type TestApiServer,
} from './testing.js';

let api: TestApiServer | undefined;
let client: KubeClient | undefined;
afterEach(async () => {
  client?.close();
  await api?.close();
});

const notFound =
  'Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "fc7ef1a745ffd71b0d28376f80ab706bf896fb8e13c501e66a2889286eda97f9": OCI runtime exec failed: exec failed: unable to start container process: exec: "nslookup": executable file not found in $PATH: unknown';

/** An API server whose exec answers `script(command)`; `refuse` answers the upgrade with a Status. */
async function execServer(
  script: (command: string[]) => ExecScript,
  refuse?: (res: Duplex) => void,
): Promise<{ protocols: string[]; commands: string[][] }> {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => [...p][0] ?? false });
  const seen = { protocols: [] as string[], commands: [] as string[][] };
  api = await startTestApi(
    (_req, res) => status(res, 404, 'NotFound', 'not found'),
    (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
      if (refuse) return refuse(socket);
      wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
        seen.protocols.push(ws.protocol);
        const command = url.searchParams.getAll('command');
        seen.commands.push(command);
        const s = script(command);
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
  );
  client = await KubeClient.create({
    connection: {
      server: api.url,
      source: 'test',
      ca: Buffer.from(api.caPem),
      insecureSkipTlsVerify: false,
      auth: { kind: 'token', token: 'test-token' },
    },
    concurrency: 2,
    requestTimeoutMs: 2000,
    signal: new AbortController().signal,
  });
  return seen;
}

const run = (command: string[], timeoutMs = 2000, maxStdoutBytes = 1024) =>
  execInPod(
    client!,
    {
      namespace: 'ns',
      pod: 'p',
      container: 'c',
      command,
      timeoutMs,
      maxStdoutBytes,
      maxStderrBytes: 16,
    },
    new AbortController().signal,
  );

describe('execInPod over WebSocket (channel.k8s.io)', () => {
  it('speaks v5 first and reads stdout, stderr and the exit status', async () => {
    const seen = await execServer((command) =>
      command[0] === 'env'
        ? { stdout: 'A=1\nB=2\n', status: execSuccess }
        : { stdout: 'partial', stderr: 'curl: (7) Failed to connect', status: execExit(7) },
    );
    const ok = await run(['env']);
    expect(ok).toMatchObject({ exitCode: 0, timedOut: false, missing: false, stdoutBytes: 8 });
    expect(ok.stdout.toString()).toBe('A=1\nB=2\n');
    const failed = await run(['curl', '-sf', 'http://localhost:8000/health']);
    expect(failed).toMatchObject({ exitCode: 7, stderr: 'curl: (7) Failed' });
    expect(seen.protocols).toEqual([execProtocols[0], execProtocols[0]]);
    expect(seen.commands[1]).toEqual(['curl', '-sf', 'http://localhost:8000/health']);
    expect(api!.seen[0]!.url).toContain('container=c&stdout=true&stderr=true');
  });

  it('tells a program missing from the image from a failure', async () => {
    await execServer(() => ({
      status: { status: 'Failure', reason: 'InternalError', code: 500, message: notFound },
    }));
    expect(await run(['nslookup', 'x'])).toMatchObject({
      exitCode: null,
      missing: true,
      failure: notFound,
    });
  });

  it('keeps the newest stdout bytes within the cap', async () => {
    await execServer(() => ({ stdout: 'x'.repeat(5000) + 'END', status: execSuccess }));
    const r = await run(['env'], 2000, 100);
    expect(r.stdoutBytes).toBe(5003);
    expect(r.stdout.length).toBe(100);
    expect(r.stdout.toString().endsWith('END')).toBe(true);
  });

  it('ends a stream that never finishes at its deadline and keeps what arrived', async () => {
    await execServer(() => ({ stdout: 'Server:\t\t10.43.0.10\n' }));
    const started = performance.now();
    const r = await run(['nslookup', 'x'], 500);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r).toMatchObject({ timedOut: true, exitCode: null });
    expect(r.stdout.toString()).toBe('Server:\t\t10.43.0.10\n');
  });

  it('throws the Status of a refused upgrade (no pods/exec permission)', async () => {
    const body = JSON.stringify({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message:
        'pods "p" is forbidden: User "support" cannot create resource "pods/exec" in API group "" in the namespace "ns"',
      reason: 'Forbidden',
      code: 403,
    });
    await execServer(
      () => ({}),
      (socket) =>
        socket.end(
          `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        ),
    );
    const error = await run(['env']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ httpStatus: 403, code: 'Forbidden' });
    expect((error as Error).message).toContain('cannot create resource "pods/exec"');
  });
});
