// @peculiar/x509 resolves its parsers through tsyringe, which needs the Reflect polyfill first.
import 'reflect-metadata';
import { createHash, createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
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

function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .trimEnd();
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** PKCS#8 prefix of an Ed25519 private key (RFC 8410): the 32-byte seed follows. */
const ed25519Pkcs8Prefix = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * A real certificate and key for a kubernetes.io/tls Secret, with chosen dates and names
 * (expired, not yet valid or wrong-host scenarios need exactly that; openssl here cannot
 * backdate a self-signed certificate). Ed25519, with the key derived from the names and
 * dates and Ed25519's deterministic signatures: the same inputs give the same bytes, so a
 * fixture regenerated through serve and the collector is byte-identical. A test key only.
 */
export async function makeTlsPair({ hosts, notBefore, notAfter }: TlsOptions): Promise<TlsPair> {
  const seed = createHash('sha256')
    .update(`tls:${hosts.join(',')}:${notBefore.toISOString()}:${notAfter.toISOString()}`)
    .digest();
  const pkcs8 = Buffer.concat([ed25519Pkcs8Prefix, seed]);
  const spki = createPublicKey(
    createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
  ).export({
    type: 'spki',
    format: 'der',
  });
  const algorithm = { name: 'Ed25519' };
  const keys = {
    privateKey: await webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, true, ['sign']),
    publicKey: await webcrypto.subtle.importKey('spki', spki, algorithm, true, ['verify']),
  };
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
  return { crt: `${cert.toString('pem')}\n`, key: pem('PRIVATE KEY', pkcs8) };
}
