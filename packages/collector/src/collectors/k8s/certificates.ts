import { certificatesPath } from '@studio-support/schema';
import type { Collector } from '../../bundle/index.js';
import type { KubeObject } from '../../k8s/client.js';
import { secretKind, type K8sEnv } from './env.js';
import { errorRecord } from './errors.js';
import { certificatesFile } from './parse-certificates.js';

/**
 * X.509 certificates of the Studio namespace's TLS Secrets, parsed in memory (never the
 * key), with the Ingress hosts that serve them and every Ingress TLS reference.
 */
export const certificates: Collector<K8sEnv> = {
  id: 'certificates',
  description:
    'certificates in TLS secrets: subject, issuer, SANs, dates, fingerprint, Ingress hosts',
  async collect(ctx) {
    const namespace = ctx.env.options.namespace;
    const path = certificatesPath(namespace);
    let secrets: KubeObject[] | undefined;
    let ingresses: KubeObject[] | undefined;
    try {
      secrets = (await ctx.env.list(secretKind.dir, namespace)).items;
    } catch (error) {
      ctx.error(errorRecord(error, { path, resource: 'secrets' }, 'no certificates: '));
    }
    try {
      ingresses = (await ctx.env.list('ingress', namespace)).items;
    } catch (error) {
      ctx.error(errorRecord(error, { path, resource: 'ingresses' }, 'no Ingress references: '));
    }
    if (!secrets && !ingresses) return;
    await ctx.writeJson(path, certificatesFile(namespace, secrets, ingresses ?? []));
  },
};
