import { expect, it } from 'vitest';
import { applyRule } from '../testing.js';
import { jwt } from './jwt.js';

it('jwt hides three-part tokens', () => {
  const token =
    'eyJhbGciOiJSUzI1NiIsImtpZCI6IiJ9.eyJpc3MiOiJrdWJlcm5ldGVzIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
  expect(applyRule(jwt, `token ${token} end`)).toEqual({ text: 'token *** end', count: 1 });
  expect(applyRule(jwt, 'eyJ alone').count).toBe(0);
});
