import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ExecRecording } from './exec-recordings.js';
import type { Faults } from './faults.js';
import type { KubeObject } from './objects.js';
import type { ResourceRoute } from './routes.js';
import { badRequest, forbidden, notFound, statusBody, type StatusBody } from './status.js';
import type { BundleStore } from './store.js';

/** What kubectl ≥ 1.30 speaks for exec, and the older framing with the same channels. */
const protocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const stdoutChannel = 1;
const stderrChannel = 2;
const statusChannel = 3;

/** Answers a refused upgrade with a Status, as the API server does before switching protocols. */
export function refuseUpgrade(socket: Duplex, status: StatusBody): void {
  const body = JSON.stringify(status);
  const reason = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
  };
  socket.end(
    `HTTP/1.1 ${status.code} ${reason[status.code as keyof typeof reason] ?? 'Error'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

function frame(channel: number, data: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.isBuffer(data) ? data : Buffer.from(data)]);
}

/** The Status the kubelet sends on the error channel for how the command ended. */
function exitStatus(recording: ExecRecording): Record<string, unknown> {
  const r = recording.result;
  const failure = (reason: string, code: number, message: string) => ({
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });
  if (r.missing || (r.exitCode === null && !r.timedOut && r.error)) {
    return failure('InternalError', 500, r.error ?? `${r.argv[0]}: executable file not found`);
  }
  if (r.timedOut || r.exitCode === null) {
    return failure(
      'Timeout',
      504,
      `studio-analyze serve: this command was still running when studio-collect ended it at its --exec-timeout; what it printed until then is above`,
    );
  }
  if (r.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: exit status ${r.exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(r.exitCode) }] },
  };
}

async function replay(ws: WebSocket, recording: ExecRecording): Promise<void> {
  if (recording.outputFile) {
    for await (const chunk of createReadStream(recording.outputFile, {
      highWaterMark: 32 * 1024,
    })) {
      ws.send(frame(stdoutChannel, chunk as Buffer));
    }
  }
  if (recording.result.stderr) ws.send(frame(stderrChannel, recording.result.stderr));
  ws.send(frame(statusChannel, JSON.stringify(exitStatus(recording))));
  ws.close(1000);
}

/** A command line as a shell would take it; a script argument (python -c) is shown as "…". */
function shown(argv: readonly string[]): string {
  return argv
    .map((a) => (a.includes('\n') ? '…' : /^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(' ');
}

/**
 * `kubectl exec` against a bundle: the pods/exec subresource over WebSocket (v5/v4
 * channel.k8s.io), answered from recorded output only. A command recorded for that container
 * (same argv) gets its stdout, stderr and exit status back as the kubelet sent them; any other
 * command gets a Status that says nothing ran and what was recorded. Faults can refuse the
 * exec (403) or stall its stream.
 */
export class ExecReplayer {
  readonly #wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => protocols.find((p) => offered.has(p)) ?? false,
  });

  constructor(
    private readonly store: BundleStore,
    private readonly faults: Faults,
  ) {}

  upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    route: ResourceRoute,
    url: URL,
  ): void {
    const { kind, namespace, name } = route;
    if (namespace === undefined || name === undefined) {
      return refuseUpgrade(socket, badRequest('exec needs a namespaced pod'));
    }
    const pod = this.store.get(kind, namespace, name);
    if (!pod) return refuseUpgrade(socket, notFound(kind, name));
    const fault = this.faults.error({ resource: 'pods', namespace, name, verb: 'exec' });
    if (fault) return refuseUpgrade(socket, forbidden(kind, 'create', namespace, name, 'exec'));
    const containers = (
      (pod as KubeObject & { spec?: { containers?: { name: string }[] } }).spec?.containers ?? []
    ).map((c) => c.name);
    let container = url.searchParams.get('container') ?? '';
    if (container === '') {
      if (containers.length !== 1) {
        return refuseUpgrade(
          socket,
          badRequest(
            `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`,
          ),
        );
      }
      container = containers[0]!;
    }
    if (!containers.includes(container)) {
      return refuseUpgrade(
        socket,
        badRequest(`container ${container} is not valid for pod ${name}`),
      );
    }
    const argv = url.searchParams.getAll('command');
    if (argv.length === 0) {
      return refuseUpgrade(socket, badRequest('you must specify at least 1 command'));
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!protocols.some((p) => offered.includes(p))) {
      return refuseUpgrade(
        socket,
        badRequest(`exec needs one of the WebSocket subprotocols ${protocols.join(', ')}`),
      );
    }
    const recordings = this.store.execRecordings(namespace, name);
    const recording = recordings.find(
      (r) =>
        r.result.container === container && JSON.stringify(r.result.argv) === JSON.stringify(argv),
    );
    const stall = this.faults.execStream(namespace, name, container);
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined);
      if (stall) return; // the stream opens and never ends: the client's deadline must cut it
      if (!recording) {
        const known = recordings.filter((r) => r.result.container === container);
        const message = `studio-analyze serve answers exec from the bundle's recorded output only, and nothing was recorded for ${shown(argv)} in container "${container}" of pod "${name}"; recorded there: ${known.length ? known.map((r) => shown(r.result.argv)).join('; ') : 'nothing'}`;
        ws.send(frame(statusChannel, JSON.stringify(statusBody(404, 'NotFound', message))));
        ws.close(1000);
        return;
      }
      replay(ws, recording).catch(() => ws.terminate());
    });
  }
}
