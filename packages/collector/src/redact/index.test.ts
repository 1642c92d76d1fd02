import { describe, expect, it } from 'vitest';
import { Redactor, redactionRuleIds } from './index.js';

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

  it('drops the inner lines of a private key in a text', () => {
    const r = new Redactor();
    const text =
      'a\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIcanary\n-----END EC PRIVATE KEY-----\nb';
    expect(r.text(text)).toBe('a\n-----EC PRIVATE KEY ***-----\nb');
  });

  it('every counted id is a known rule id', () => {
    expect(redactionRuleIds).toContain('secret-key-name');
    expect(new Set(redactionRuleIds).size).toBe(redactionRuleIds.length);
  });
});
