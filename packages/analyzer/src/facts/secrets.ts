import { secretsMetadataPath, type SecretMetadataFile } from '@studio-support/schema';
import type { FactContext } from './context.js';
import type { FactCollection, FactItem } from './types.js';

export const secretsCollection: FactCollection = {
  name: 'secrets',
  doc: 'Secret metadata in scope (names, types, key names; never values).',
  fields: {
    namespace: { type: 'string', doc: 'Namespace.' },
    name: { type: 'string', doc: 'Secret name.' },
    type: { type: 'string', doc: 'Opaque, kubernetes.io/tls, kubernetes.io/dockerconfigjson, …' },
    keys: { type: 'strings', doc: 'Key names.' },
  },
};

export function buildSecrets(ctx: FactContext): FactItem[] {
  return ctx.namespaces.flatMap((ns) => {
    const path = secretsMetadataPath(ns);
    const file = ctx.json(path) as SecretMetadataFile | undefined;
    return (file?.items ?? []).map((s) => ({
      namespace: ns,
      name: s.name,
      type: s.type,
      keys: s.keys.map((k) => k.name),
      evidence: [
        {
          path,
          excerpt: `secret/${s.name} (${s.type}): keys ${s.keys.map((k) => k.name).join(', ') || '(none)'}`,
        },
      ],
    }));
  });
}
