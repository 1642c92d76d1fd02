import { X509Certificate } from 'node:crypto';
import type { Certificate, CertificatesFile, Reference } from '@studio-support/schema';
import type { KubeObject } from '../../k8s/client.js';

const pemBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The facts of one certificate; the caller adds where it came from. */
export type CertificateFacts = Omit<Certificate, 'source' | 'secret' | 'key' | 'file' | 'hosts'>;

/**
 * Every CERTIFICATE block of a PEM bundle, in order (0 is the leaf of a served chain).
 * Node 20's X509Certificate has no validFromDate: its validFrom/validTo strings
 * ("Jan  1 00:00:00 2030 GMT") parse as dates.
 */
export function parsePemChain(pem: string): { certificates: CertificateFacts[]; error?: string } {
  const blocks = pem.match(pemBlock) ?? [];
  if (blocks.length === 0) return { certificates: [], error: 'no PEM CERTIFICATE block' };
  const certificates: CertificateFacts[] = [];
  for (const [chainPosition, block] of blocks.entries()) {
    let x: X509Certificate;
    try {
      x = new X509Certificate(block);
    } catch (error) {
      return {
        certificates,
        error: `certificate ${chainPosition}: not a valid X.509 certificate (${(error as Error).message})`,
      };
    }
    certificates.push({
      subject: dn(x.subject),
      issuer: dn(x.issuer),
      sans: subjectAltNames(x.subjectAltName),
      notBefore: new Date(x.validFrom).toISOString(),
      notAfter: new Date(x.validTo).toISOString(),
      serial: x.serialNumber.toUpperCase(),
      fingerprintSha256: x.fingerprint256,
      isCA: x.ca,
      chainPosition,
    });
  }
  return { certificates };
}

/** Node gives one RDN per line; one line reads better: "CN=studio.example.com, O=Example". */
function dn(text: string): string {
  return text.split('\n').filter(Boolean).join(', ');
}

/**
 * "DNS:a.example, IP Address:10.0.0.1" → ["DNS:a.example", "IP Address:10.0.0.1"], the
 * types as Node (and openssl) print them. Node quotes a value that holds a comma, so the
 * split honours quotes.
 */
export function subjectAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const m of text.matchAll(/([A-Za-z ]+):("(?:[^"\\]|\\.)*"|[^,]*)(?:, |$)/g)) {
    const type = m[1]!.trim();
    const raw = m[2]!;
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    out.push(`${type}:${value}`);
  }
  return out;
}

interface IngressTls {
  hosts?: string[];
  secretName?: string;
}

/**
 * certificates/<namespace>.json: every certificate in tls.crt and ca.crt of TLS Secrets (and
 * of any Secret an Ingress names), with the Ingress hosts that use it, and every Ingress TLS
 * reference — those whose Secret is missing too. `secrets` is undefined when they could not
 * be listed: the references are still written, without `found`.
 */
export function certificatesFile(
  namespace: string,
  secrets: KubeObject[] | undefined,
  ingresses: KubeObject[],
): CertificatesFile {
  const references: Reference[] = [];
  const hostsBySecret = new Map<string, Set<string>>();
  const byName = new Map((secrets ?? []).map((s) => [s.metadata?.name ?? '', s]));
  for (const ingress of sortByName(ingresses)) {
    const tls = (((ingress.spec ?? {}) as { tls?: IngressTls[] }).tls ?? []) as IngressTls[];
    for (const entry of tls) {
      const hosts = [...(entry.hosts ?? [])];
      const ref: Reference = { ingress: ingress.metadata?.name ?? '', hosts };
      if (entry.secretName) {
        ref.secretName = entry.secretName;
        const set = hostsBySecret.get(entry.secretName) ?? new Set<string>();
        hosts.forEach((h) => set.add(h));
        hostsBySecret.set(entry.secretName, set);
        if (secrets) ref.found = hasKey(byName.get(entry.secretName), 'tls.crt');
      }
      references.push(ref);
    }
  }
  const items: Certificate[] = [];
  const errors: { source: string; message: string }[] = [];
  for (const secret of sortByName(secrets ?? [])) {
    const name = secret.metadata?.name ?? '';
    if (secret.type !== 'kubernetes.io/tls' && !hostsBySecret.has(name)) continue;
    for (const key of ['tls.crt', 'ca.crt']) {
      const b64 = ((secret.data ?? {}) as Record<string, string>)[key];
      if (typeof b64 !== 'string') continue;
      const source = `secret/${name}/${key}`;
      const { certificates, error } = parsePemChain(Buffer.from(b64, 'base64').toString('latin1'));
      if (error) errors.push({ source, message: error });
      const hosts = key === 'tls.crt' ? [...(hostsBySecret.get(name) ?? [])].sort() : [];
      for (const facts of certificates) {
        items.push({ source, secret: name, key, ...facts, ...(hosts.length ? { hosts } : {}) });
      }
    }
  }
  return {
    namespace,
    items,
    references,
    ...(errors.length ? { errors } : {}),
  };
}

function hasKey(secret: KubeObject | undefined, key: string): boolean {
  return typeof ((secret?.data ?? {}) as Record<string, unknown>)[key] === 'string';
}

function sortByName(list: KubeObject[]): KubeObject[] {
  return [...list].sort((a, b) => {
    const x = a.metadata?.name ?? '';
    const y = b.metadata?.name ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
