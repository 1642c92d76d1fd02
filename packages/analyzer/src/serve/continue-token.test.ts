import { describe, expect, it } from 'vitest';
import { ContinueTokenError, decodeContinue, encodeContinue } from './continue-token.js';

describe('continue tokens', () => {
  it('round-trip resourceVersion, offset and issue time', () => {
    const state = { rv: '1764000000000', offset: 500, issuedAt: 1764000001234 };
    const token = encodeContinue(state);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinue(token)).toEqual(state);
  });

  it.each([
    ['not base64 json', '%%%'],
    [
      'another server kind of token',
      Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 1, start: 'a' })).toString('base64url'),
    ],
    [
      'a negative offset',
      Buffer.from(JSON.stringify({ v: 'serve/1', rv: '1', offset: -1, issuedAt: 0 })).toString(
        'base64url',
      ),
    ],
  ])('refuses %s', (_what, token) => {
    expect(() => decodeContinue(token)).toThrow(ContinueTokenError);
  });
});
