import { describe, expect, it } from 'vitest';
import { applyRule } from '../testing.js';
import { secretPair } from './secret-pair.js';

describe('secret-pair', () => {
  it.each([
    ['password=hunter2 user=studio', 'password=*** user=studio'],
    ['PGPASSWORD: hunter2', 'PGPASSWORD: ***'],
    ['{"api_key": "abc123", "n": 1}', '{"api_key": "***", "n": 1}'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key = ***'],
    ['?token=abc&x=1', '?token=***&x=1'],
    ['SECRET_KEY=django-insecure-abc', 'SECRET_KEY=***'],
    [
      '"Env": ["DJANGO_SECRET_KEY=xyz", "STUDIO_SECRET_KEY: abc"]',
      '"Env": ["DJANGO_SECRET_KEY=***", "STUDIO_SECRET_KEY: ***"]',
    ],
  ])('%s', (input, output) => {
    expect(applyRule(secretPair, input).text).toBe(output);
  });

  it('leaves keys that only mention a secret word alone', () => {
    for (const line of ['TOKEN_TTL=3600', 'PASSWORD_FILE=/run/secrets/db', 'SECRET_PATH=/etc/x']) {
      expect(applyRule(secretPair, line)).toEqual({ text: line, count: 0 });
    }
  });

  it('does not count already-redacted values again', () => {
    expect(applyRule(secretPair, 'password=***').count).toBe(0);
  });
});
