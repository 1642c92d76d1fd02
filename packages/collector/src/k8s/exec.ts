import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { ApiError, networkError, statusError } from './api-error.js';
import type { KubeClient } from './client.js';
import { formatDuration } from './duration.js';

/** kubectl ≥ 1.30's exec protocol first, the older framing (same channels) second. */
export const execProtocols = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

export interface ExecRequest {
  namespace: string;
  pod: string;
  container: string;
  command: readonly string[];
  /** The whole run, handshake included; then the stream is cut and what arrived is kept. */
  timeoutMs: number;
  /** stdout kept: the newest bytes. */
  maxStdoutBytes: number;
  /** stderr kept: the first bytes. */
  maxStderrBytes: number;
}

export interface ExecOutcome {
  stdout: Buffer;
  /** Bytes of stdout produced, before the cap. */
  stdoutBytes: number;
  stderr: string;
  /** null when it timed out or never ran (see failure). */
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** The program is not in the image: the runtime's "executable file not found". */
  missing: boolean;
  /** The exec Status message when the command did not run or ended without an exit code. */
  failure?: string;
}

interface ExecStatus {
  status?: string;
  reason?: string;
  message?: string;
  details?: { causes?: { reason?: string; type?: string; message?: string }[] };
}

const missingProgram = /executable file not found|no such file or directory/i;

/**
 * Runs a command in a container through the pods/exec subresource over WebSocket
 * (channel.k8s.io framing: a channel byte, then data; 1 stdout, 2 stderr, 3 the exit Status),
 * without stdin or a TTY. The upgrade holds a request slot of the shared bound. A refused
 * upgrade (403, 404) throws an ApiError with the server's Status; anything after it — an exit
 * code, a runtime error, a stream that never ends — is the outcome.
 */
export async function execInPod(
  client: KubeClient,
  request: ExecRequest,
  signal: AbortSignal,
): Promise<ExecOutcome> {
  const { namespace, pod, container, command } = request;
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/exec`;
  const query: [string, string][] = [
    ...command.map((c): [string, string] => ['command', c]),
    ['container', container],
    ['stdout', 'true'],
    ['stderr', 'true'],
  ];
  const release = await client.slot();
  const started = performance.now();
  const target = client.upgradeTarget(path, query);
  const stdout: Buffer[] = [];
  let kept = 0;
  let stdoutBytes = 0;
  let stderr = Buffer.alloc(0);
  let status: ExecStatus | undefined;
  let timedOut = false;
  let opened = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(target.url, execProtocols, {
        headers: target.headers,
        ...target.tls,
        handshakeTimeout: request.timeoutMs,
        perMessageDeflate: false,
        maxPayload: 16 * 1024 * 1024,
      });
      const timer = setTimeout(() => {
        timedOut = true;
        ws.terminate();
      }, request.timeoutMs);
      const onAbort = (): void => {
        ws.terminate();
        reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      };
      ws.on('upgrade', () => (opened = true));
      ws.on('unexpected-response', (req, res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.length < 64 && chunks.push(c));
        res.on('end', () => {
          done();
          reject(
            statusError(
              res.statusCode ?? 0,
              res.statusMessage ?? '',
              Buffer.concat(chunks).toString('utf8'),
              path,
            ),
          );
          req.destroy();
        });
        res.on('error', () => undefined);
      });
      ws.on('error', (error) => {
        if (opened) return; // after the upgrade, close says how it ended
        done();
        reject(
          /handshake has timed out/.test(error.message)
            ? new ApiError(
                `no exec stream within ${formatDuration(request.timeoutMs)}`,
                'Timeout',
                path,
              )
            : networkError(error, path),
        );
      });
      ws.on('message', (data: Buffer) => {
        const channel = data[0];
        const payload = data.subarray(1);
        if (payload.length === 0) return;
        if (channel === 1) {
          stdoutBytes += payload.length;
          stdout.push(payload);
          kept += payload.length;
          // Keep the newest bytes only: drop whole chunks from the front while they are surplus.
          while (stdout.length > 1 && kept - stdout[0]!.length >= request.maxStdoutBytes) {
            kept -= stdout.shift()!.length;
          }
        } else if (channel === 2 && stderr.length < request.maxStderrBytes) {
          stderr = Buffer.concat([stderr, payload]).subarray(0, request.maxStderrBytes);
        } else if (channel === 3) {
          try {
            status = JSON.parse(payload.toString('utf8')) as ExecStatus;
          } catch {
            status = { status: 'Failure', message: payload.toString('utf8').slice(0, 1000) };
          }
        }
      });
      ws.on('close', () => {
        done();
        resolve();
      });
    });
  } finally {
    release();
  }
  const all = Buffer.concat(stdout);
  const outcome: ExecOutcome = {
    stdout: all.subarray(Math.max(0, all.length - request.maxStdoutBytes)),
    stdoutBytes,
    stderr: stderr.toString('utf8'),
    exitCode: null,
    timedOut,
    durationMs: Math.round(performance.now() - started),
    missing: false,
  };
  if (timedOut) return outcome;
  if (!status) return { ...outcome, failure: 'the exec stream ended without an exit status' };
  if (status.status === 'Success') return { ...outcome, exitCode: 0 };
  const code = status.details?.causes?.find((c) => (c.reason ?? c.type) === 'ExitCode')?.message;
  if (status.reason === 'NonZeroExitCode' && code !== undefined && /^\d+$/.test(code)) {
    return { ...outcome, exitCode: Number(code) };
  }
  const failure = status.message ?? 'the command failed without a message';
  return { ...outcome, failure, missing: missingProgram.test(failure) };
}
