import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Redactor, redactionRuleIds, redactionRules } from './index.js';

describe('Redactor', () => {
  it('redacts env values by name and by pattern, keeps structure, counts per rule', () => {
    const r = new Redactor();
    const pod = {
      metadata: {
        name: 'backend',
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"password":"x"}' },
      },
      spec: {
        volumes: [{ name: 'tls', secret: { secretName: 'datachain-studio-tls' } }],
        containers: [
          {
            env: [
              { name: 'DB_PASSWORD', value: 'canary-1' },
              { name: 'DATABASE_URL', value: 'postgresql://studio:canary-2@db:5432/studio' },
              { name: 'LOG_LEVEL', value: 'info' },
              { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'password' } } },
            ],
          },
        ],
      },
    };
    const out = JSON.stringify(r.json(pod));
    expect(out).not.toContain('canary');
    expect(out).toContain('postgresql://studio:***@db:5432/studio');
    expect(out).toContain('"secretName":"datachain-studio-tls"');
    expect(out).toContain('"key":"password"');
    expect(out).toContain('"LOG_LEVEL","value":"info"');
    expect(out).not.toContain('last-applied');
    expect(r.counts()).toEqual({
      'connection-string-password': 1,
      'last-applied-configuration': 1,
      'secret-key-name': 1,
    });
  });

  it('redacts ConfigMap data by key name', () => {
    const r = new Redactor();
    const cm = { data: { SECRET_KEY: 'canary', STUDIO_URL: 'https://studio.example.com' } };
    expect(r.json(cm)).toEqual({
      data: { SECRET_KEY: '***', STUDIO_URL: 'https://studio.example.com' },
    });
  });

  it('redacts the output of env: names kept, values by name and by pattern', () => {
    const r = new Redactor();
    const env = [
      'PATH=/usr/local/bin:/usr/bin',
      'DB_PASSWORD=canary-1',
      'REDIS_URL=redis://:canary-2@datachain-studio-redis:6379/0',
      'STUDIO_URL=https://studio.example.com',
    ].join('\n');
    expect(r.envText(env)).toBe(
      [
        'PATH=/usr/local/bin:/usr/bin',
        'DB_PASSWORD=***',
        'REDIS_URL=redis://:***@datachain-studio-redis:6379/0',
        'STUDIO_URL=https://studio.example.com',
      ].join('\n'),
    );
  });

  it('drops the inner lines of a private key in a text', () => {
    const r = new Redactor();
    const text =
      'a\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIcanary\n-----END EC PRIVATE KEY-----\nb';
    expect(r.text(text)).toBe('a\n-----EC PRIVATE KEY ***-----\nb');
  });

  it("never skips a line a rule would change: each rule's condition holds on it", () => {
    // Lines assembled from the pieces the rules look for, so that many of them do match.
    const piece = fc.constantFrom(
      'password',
      'PGPASSWORD',
      'api_key',
      'Token',
      'secret',
      'credentials',
      'Bearer',
      'Basic',
      'eyJhbGciOiJIUzI1NiJ9',
      '.eyJzdWIiOiIxMjM0NTY3ODkwIn0',
      '.c2lnbmF0dXJlLXBhcnQ',
      'AKIAIOSFODNN7EXAMPLE',
      'postgresql://',
      'redis://:',
      'u:p',
      '@',
      '/',
      ':',
      '=',
      ' ',
      '"',
      '-----BEGIN RSA PRIVATE KEY-----',
      '-----END RSA PRIVATE KEY-----',
      'żółć',
    );
    const line = fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 12 });
    fc.assert(
      fc.property(line, (parts) => {
        const text = parts.join('');
        for (const rule of redactionRules) {
          if (rule.start()(text).text !== text) expect(rule.mayMatch(text)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('passes a block of clean lines whole, not once a private key block is open', () => {
    const redact = new Redactor().lines();
    expect(redact.passes('GET /api/health 200\nredis://redis:6379/0 ready\n')).toBe(true);
    expect(redact.passes('ok\npassword=x\n')).toBe(false);
    expect(redact('-----BEGIN EC PRIVATE KEY-----')).toBe('-----EC PRIVATE KEY ***-----');
    expect(redact.passes('MHcCAQEEIcanary\n')).toBe(false);
    expect(redact('MHcCAQEEIcanary')).toBe('');
    expect(redact('-----END EC PRIVATE KEY-----')).toBe('');
    expect(redact.passes('after\n')).toBe(true);
  });

  it('every counted id is a known rule id', () => {
    expect(redactionRuleIds).toContain('secret-key-name');
    expect(new Set(redactionRuleIds).size).toBe(redactionRuleIds.length);
  });
});
