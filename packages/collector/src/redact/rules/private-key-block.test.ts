import { describe, expect, it } from 'vitest';
import { applyRule } from '../testing.js';
import { privateKeyBlock } from './private-key-block.js';

describe('private-key', () => {
  it('swallows a multi-line block into one marker line', () => {
    const r = applyRule(
      privateKeyBlock,
      'before',
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEowIBAAKCAQEAsecret',
      '-----END RSA PRIVATE KEY-----',
      'after',
    );
    expect(r.count).toBe(1);
    expect(r.text).toBe('before\n-----RSA PRIVATE KEY ***-----\n\n\nafter');
    expect(r.text).not.toContain('MIIE');
  });

  it('handles a block on one line and keeps certificates', () => {
    const r = applyRule(
      privateKeyBlock,
      'k="-----BEGIN PRIVATE KEY-----MIIEsecret-----END PRIVATE KEY-----" c=-----BEGIN CERTIFICATE-----',
    );
    expect(r.text).toBe('k="-----PRIVATE KEY ***-----" c=-----BEGIN CERTIFICATE-----');
  });
});
