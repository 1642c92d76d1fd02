import { validate } from '@studio-support/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate, type TestCertificate } from '../../k8s/testing.js';
import { certificatesFile, parsePemChain, subjectAltNames } from './parse-certificates.js';

let ca: TestCertificate;
let leaf: TestCertificate;
beforeAll(async () => {
  ca = await makeCertificate({ cn: 'Studio Test CA', isCA: true, serial: '0c' });
  leaf = await makeCertificate({
    cn: 'studio.example.com',
    dns: ['studio.example.com', '*.studio.example.com'],
    ips: ['10.0.0.5'],
    notBefore: new Date('2025-01-01T00:00:00Z'),
    notAfter: new Date('2025-04-01T12:30:00Z'),
    issuer: ca,
    serial: '0a1b2c',
  });
});

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('parsePemChain', () => {
  it('reads every certificate of a chain with dates, SANs, fingerprint and position', () => {
    const { certificates, error } = parsePemChain(leaf.certPem + ca.certPem);
    expect(error).toBeUndefined();
    expect(certificates).toHaveLength(2);
    expect(certificates[0]).toMatchObject({
      subject: 'CN=studio.example.com',
      issuer: 'CN=Studio Test CA',
      sans: ['DNS:studio.example.com', 'DNS:*.studio.example.com', 'IP Address:10.0.0.5'],
      notBefore: '2025-01-01T00:00:00.000Z',
      notAfter: '2025-04-01T12:30:00.000Z',
      serial: '0A1B2C',
      isCA: false,
      chainPosition: 0,
    });
    expect(certificates[0]!.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certificates[1]).toMatchObject({
      subject: 'CN=Studio Test CA',
      isCA: true,
      chainPosition: 1,
    });
  });

  it('says what is wrong with a PEM that holds no certificate or a broken one', () => {
    expect(parsePemChain('garbage').error).toBe('no PEM CERTIFICATE block');
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';
    expect(parsePemChain(broken).error).toMatch(/^certificate 0: not a valid X\.509 certificate/);
  });

  it('splits SANs, honouring the quotes Node puts around values with commas', () => {
    expect(subjectAltNames('DNS:a, URI:"http://x/?a=1,2", IP Address:::1')).toEqual([
      'DNS:a',
      'URI:http://x/?a=1,2',
      'IP Address:::1',
    ]);
  });
});

describe('certificatesFile', () => {
  it('links certificates to the Ingress hosts that use them and lists every reference', () => {
    const secrets = [
      {
        type: 'kubernetes.io/tls',
        metadata: { name: 'studio-tls' },
        data: {
          'tls.crt': b64(leaf.certPem + ca.certPem),
          'tls.key': b64(leaf.keyPem),
          'ca.crt': b64(ca.certPem),
        },
      },
      { type: 'Opaque', metadata: { name: 'other' }, data: { 'tls.crt': b64('not pem') } },
    ];
    const ingresses = [
      {
        metadata: { name: 'studio' },
        spec: {
          tls: [
            { hosts: ['studio.example.com'], secretName: 'studio-tls' },
            { hosts: ['api.example.com'], secretName: 'missing-tls' },
          ],
        },
      },
    ];
    const file = certificatesFile('ns', secrets, ingresses);
    expect(validate('certificates', file)).toEqual([]);
    expect(file.items.map((c) => [c.source, c.chainPosition, c.hosts])).toEqual([
      ['secret/studio-tls/tls.crt', 0, ['studio.example.com']],
      ['secret/studio-tls/tls.crt', 1, ['studio.example.com']],
      ['secret/studio-tls/ca.crt', 0, undefined],
    ]);
    expect(file.references).toEqual([
      { ingress: 'studio', hosts: ['studio.example.com'], secretName: 'studio-tls', found: true },
      { ingress: 'studio', hosts: ['api.example.com'], secretName: 'missing-tls', found: false },
    ]);
    expect(JSON.stringify(file)).not.toContain('PRIVATE KEY');
  });

  it('still lists the references, without found, when Secrets could not be read', () => {
    const file = certificatesFile('ns', undefined, [
      { metadata: { name: 'i' }, spec: { tls: [{ hosts: ['h'], secretName: 's' }] } },
    ]);
    expect(file).toEqual({
      namespace: 'ns',
      items: [],
      references: [{ ingress: 'i', hosts: ['h'], secretName: 's' }],
    });
  });
});
