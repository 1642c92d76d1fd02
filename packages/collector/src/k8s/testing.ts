// Test helpers only (imported by *.test.ts). @peculiar/x509 resolves its parsers through
// tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface TestCertificate {
  certPem: string;
  keyPem: string;
  cert: x509.X509Certificate;
  keys: webcrypto.CryptoKeyPair;
}

export interface CertificateOptions {
  cn: string;
  dns?: string[];
  ips?: string[];
  notBefore?: Date;
  notAfter?: Date;
  isCA?: boolean;
  /** Signed by this certificate; self-signed without. */
  issuer?: TestCertificate;
  serial?: string;
}

/** A real certificate (Node's crypto can parse but not create one). */
export async function makeCertificate(o: CertificateOptions): Promise<TestCertificate> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(o.isCA ?? false, undefined, true),
  ];
  const sans = [
    ...(o.dns ?? []).map((value) => ({ type: 'dns' as const, value })),
    ...(o.ips ?? []).map((value) => ({ type: 'ip' as const, value })),
  ];
  if (sans.length) extensions.push(new x509.SubjectAlternativeNameExtension(sans));
  const common = {
    serialNumber: o.serial ?? '0a1b2c',
    notBefore: o.notBefore ?? new Date(now - 3_600_000),
    notAfter: o.notAfter ?? new Date(now + 30 * 86_400_000),
    signingAlgorithm: algorithm,
    extensions,
  };
  const cert = o.issuer
    ? await x509.X509CertificateGenerator.create(
        {
          ...common,
          subject: `CN=${o.cn}`,
          issuer: o.issuer.cert.subject,
          publicKey: keys.publicKey,
          signingKey: o.issuer.keys.privateKey,
        },
        webcrypto,
      )
    : await x509.X509CertificateGenerator.createSelfSigned(
        { ...common, name: `CN=${o.cn}`, keys },
        webcrypto,
      );
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    certPem: `${cert.toString('pem')}\n`,
    keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    cert,
    keys,
  };
}

export interface TestApiServer {
  url: string;
  caPem: string;
  /** Requests seen, in order: method and path with query. */
  seen: { method: string; url: string }[];
  /** Most requests in flight at once. */
  peak(): number;
  close(): Promise<void>;
}

/**
 * A throwaway HTTPS server on 127.0.0.1 whose answers a test scripts request by request,
 * for the client's transport behaviour (retries, deadlines, pagination, stalls). Behaviour
 * against a whole served cluster is the e2e suite's job (studio-analyze serve).
 */
export async function startTestApi(
  handler: (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>,
  /** WebSocket upgrades (exec): the test answers them itself. */
  onUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void,
): Promise<TestApiServer> {
  const ca = await makeCertificate({ cn: 'test-ca', isCA: true });
  const leaf = await makeCertificate({ cn: '127.0.0.1', ips: ['127.0.0.1'], issuer: ca });
  const seen: { method: string; url: string }[] = [];
  let inFlight = 0;
  let peak = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer({ cert: leaf.certPem, key: leaf.keyPem }, (req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '' });
    inFlight++;
    peak = Math.max(peak, inFlight);
    res.on('close', () => inFlight--);
    void Promise.resolve(handler(req, res, new URL(req.url ?? '/', 'https://127.0.0.1'))).catch(
      () => res.destroy(),
    );
  });
  if (onUpgrade) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      seen.push({ method: `${req.method ?? ''} upgrade`, url: req.url ?? '' });
      onUpgrade(req, socket, head, new URL(req.url ?? '/', 'https://127.0.0.1'));
    });
  }
  server.on('secureConnection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: ca.certPem,
    seen,
    peak: () => peak,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code });
}

/** A scripted exec: what the "container" sends on each channel, as channel.k8s.io frames. */
export interface ExecScript {
  stdout?: string;
  stderr?: string;
  /** The exit Status; omitted: the stream never ends. */
  status?: Record<string, unknown>;
}

export const execSuccess = { metadata: {}, status: 'Success' };

/** The kubelet's Status for a non-zero exit (the cause's type is "reason" on the wire). */
export function execExit(code: number): Record<string, unknown> {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: exit status ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}
