import { describe, expect, it } from 'vitest';
import { applyRule } from '../testing.js';
import { bearerToken } from './bearer-token.js';

describe('bearer-token', () => {
  it('hides Bearer and Basic credentials, keeps the scheme', () => {
    expect(applyRule(bearerToken, 'Authorization: Bearer abcdef0123456789.xyz')).toEqual({
      text: 'Authorization: Bearer ***',
      count: 1,
    });
    expect(applyRule(bearerToken, 'auth: Basic dXNlcjpwYXNzd29yZA==').text).toBe('auth: Basic ***');
  });
  it('ignores prose', () => {
    expect(applyRule(bearerToken, 'Bearer token expired').count).toBe(0);
  });
});
