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
  ])('%s', (input, output) => {
    expect(applyRule(secretPair, input).text).toBe(output);
  });

  it('does not count already-redacted values again', () => {
    expect(applyRule(secretPair, 'password=***').count).toBe(0);
  });
});
