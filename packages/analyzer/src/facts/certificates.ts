import {
  certificatesPath,
  hostCertificatesPath,
  type CertificatesFile,
} from '@studio-support/schema';
import type { FactContext } from './context.js';
import { iso, time } from './json.js';
import type { FactCollection, FactItem } from './types.js';

export const certificatesCollection: FactCollection = {
  name: 'certificates',
  doc: 'X.509 certificates from kubernetes.io/tls secrets and nginx ssl_certificate files, dated against the collection time.',
  fields: {
    namespace: { type: 'string', doc: 'Namespace of the secret (absent on a VM).' },
    source: { type: 'string', doc: 'secret/<name>/<key> or a file path.' },
    secret: { type: 'string', doc: 'Secret name.' },
    file: { type: 'string', doc: 'File path on the VM.' },
    subject: { type: 'string', doc: 'Subject DN.' },
    issuer: { type: 'string', doc: 'Issuer DN.' },
    sans: { type: 'strings', doc: 'Subject alternative names (DNS:…, IP Address:…).' },
    notBefore: { type: 'date', doc: 'Start of validity.' },
    notAfter: { type: 'date', doc: 'End of validity.' },
    daysLeft: {
      type: 'number',
      doc: 'Days from the collection time to notAfter (negative: expired).',
    },
    expired: { type: 'boolean', doc: 'notAfter is before the collection time.' },
    notYetValid: { type: 'boolean', doc: 'notBefore is after the collection time.' },
    leaf: { type: 'boolean', doc: 'First in its chain (the serving certificate).' },
    isCA: { type: 'boolean', doc: 'A CA certificate.' },
    hosts: { type: 'strings', doc: 'Ingress hosts or nginx server_names served with it.' },
    referenced: { type: 'boolean', doc: 'An Ingress or nginx server uses it.' },
    coversHosts: { type: 'boolean', doc: 'Every host it serves is covered by a SAN.' },
  },
};

/** RFC 6125-style: a wildcard covers exactly one leftmost label. */
export function sanCovers(sans: string[], host: string): boolean {
  const h = host.toLowerCase();
  return sans.some((san) => {
    const name = san.replace(/^DNS:/i, '').toLowerCase();
    if (name === h) return true;
    if (name.startsWith('*.')) {
      const rest = name.slice(1);
      return h.endsWith(rest) && !h.slice(0, -rest.length).includes('.') && h.length > rest.length;
    }
    return false;
  });
}

export function certificateFiles(
  ctx: FactContext,
): { file: CertificatesFile; path: string; namespace?: string }[] {
  const out: { file: CertificatesFile; path: string; namespace?: string }[] = [];
  for (const ns of ctx.namespaces) {
    const path = certificatesPath(ns);
    const file = ctx.json(path) as CertificatesFile | undefined;
    if (file?.items) out.push({ file, path, namespace: ns });
  }
  const host = ctx.json(hostCertificatesPath) as CertificatesFile | undefined;
  if (host?.items) out.push({ file: host, path: hostCertificatesPath });
  return out;
}

export function buildCertificates(ctx: FactContext): FactItem[] {
  return certificateFiles(ctx).flatMap(({ file, path, namespace }) =>
    file.items.map((c) => {
      const notAfter = time(c.notAfter);
      const notBefore = time(c.notBefore);
      const now = ctx.collectedAt;
      const hosts = c.hosts ?? [];
      const referenced =
        hosts.length > 0 ||
        (file.references ?? []).some(
          (r) =>
            (c.secret !== undefined && r.secretName === c.secret) ||
            (c.file !== undefined && r.file === c.file),
        );
      const daysLeft =
        notAfter && now ? Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000) : undefined;
      return {
        namespace,
        source: c.source,
        secret: c.secret,
        file: c.file,
        subject: c.subject,
        issuer: c.issuer,
        sans: c.sans,
        notBefore: iso(notBefore),
        notAfter: iso(notAfter),
        daysLeft,
        expired: notAfter && now ? notAfter < now : undefined,
        notYetValid: notBefore && now ? notBefore > now : undefined,
        leaf: c.chainPosition === 0,
        isCA: c.isCA,
        hosts,
        referenced,
        coversHosts: hosts.every((h) => sanCovers(c.sans, h)),
        evidence: [
          {
            path,
            excerpt: `${c.source}: subject ${c.subject}, SANs ${c.sans.join(', ') || '(none)'}, valid ${c.notBefore} to ${c.notAfter}${hosts.length ? `, serves ${hosts.join(', ')}` : ''}`,
          },
        ],
      };
    }),
  );
}
