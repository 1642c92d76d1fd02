import { validate } from '@studio-support/schema';
import { describe, expect, it } from 'vitest';
import { secretMetadataFile } from './secret-metadata.js';

describe('secretMetadataFile', () => {
  it('keeps names, types, key names and decoded sizes, and never a value', () => {
    const canary = 'canary-secret-value-9f3';
    const file = secretMetadataFile('ns', [
      {
        type: 'Opaque',
        metadata: {
          name: 'studio-secrets',
          labels: { app: 'studio' },
          annotations: {
            'kubectl.kubernetes.io/last-applied-configuration': `{"data":{"pw":"${canary}"}}`,
            owner: 'platform',
          },
          creationTimestamp: '2025-11-01T10:00:00Z',
        },
        data: {
          DB_PASSWORD: Buffer.from(canary).toString('base64'),
          EMPTY: '',
        },
      },
      { type: 'kubernetes.io/tls', metadata: { name: 'a-tls' }, data: { 'tls.key': 'AAAA' } },
    ]);
    expect(validate('secrets', file)).toEqual([]);
    expect(file.items.map((s) => s.name)).toEqual(['a-tls', 'studio-secrets']);
    expect(file.items[1]).toEqual({
      name: 'studio-secrets',
      type: 'Opaque',
      labels: { app: 'studio' },
      annotations: { owner: 'platform' },
      creationTimestamp: '2025-11-01T10:00:00Z',
      keys: [
        { name: 'DB_PASSWORD', size: canary.length },
        { name: 'EMPTY', size: 0 },
      ],
    });
    expect(file.items[0]!.keys).toEqual([{ name: 'tls.key', size: 3 }]);
    const text = JSON.stringify(file);
    expect(text).not.toContain(canary);
    expect(text).not.toContain(Buffer.from(canary).toString('base64'));
  });
});
