// @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { hexId } from './ids.js';

export interface TlsPair {
  crt: string;
  key: string;
}

export interface TlsOptions {
  /** DNS names in the certificate's SAN (the first is also the CN). */
  hosts: string[];
  notBefore: Date;
  notAfter: Date;
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/**
 * A real certificate and key for a kubernetes.io/tls Secret, with chosen dates and names
 * (expired, not yet valid or wrong-host scenarios need exactly that; openssl here cannot
 * backdate a self-signed certificate).
 */
export async function makeTlsPair({ hosts, notBefore, notAfter }: TlsOptions): Promise<TlsPair> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: `01${hexId(hosts.join(','), 14)}`,
      name: `CN=${hosts[0]}`,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(hosts.map((value) => ({ type: 'dns', value }))),
      ],
    },
    webcrypto,
  );
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { crt: `${cert.toString('pem')}\n`, key: pem('PRIVATE KEY', pkcs8) };
}
