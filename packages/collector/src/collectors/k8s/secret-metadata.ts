import type { SecretMetadata, SecretMetadataFile } from '@studio-support/schema';
import type { KubeObject } from '../../k8s/client.js';

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * What a Secret may tell outside the collector: its name, type, labels, annotations (minus
 * kubectl's last-applied copy, which holds the values), creation time, and each key with
 * the size of its decoded value. Sizes come from the base64 length; no value is decoded.
 */
export function secretMetadata(secret: KubeObject): SecretMetadata {
  const meta = secret.metadata ?? {};
  const data = (secret.data ?? {}) as Record<string, unknown>;
  const annotations = Object.fromEntries(
    Object.entries(meta.annotations ?? {}).filter(([k]) => k !== lastApplied),
  );
  return {
    name: meta.name ?? '',
    type: typeof secret.type === 'string' ? secret.type : 'Opaque',
    ...(meta.labels && Object.keys(meta.labels).length > 0 ? { labels: meta.labels } : {}),
    ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    ...(typeof meta.creationTimestamp === 'string'
      ? { creationTimestamp: meta.creationTimestamp }
      : {}),
    keys: Object.keys(data)
      .sort()
      .map((name) => ({
        name,
        size: typeof data[name] === 'string' ? Buffer.byteLength(data[name], 'base64') : 0,
      })),
  };
}

export function secretMetadataFile(namespace: string, secrets: KubeObject[]): SecretMetadataFile {
  return {
    namespace,
    items: secrets
      .map(secretMetadata)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}
