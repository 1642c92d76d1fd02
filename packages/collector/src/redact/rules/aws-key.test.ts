import { expect, it } from 'vitest';
import { applyRule } from '../testing.js';
import { awsAccessKey } from './aws-key.js';

it('aws-access-key hides key ids and nothing else', () => {
  expect(applyRule(awsAccessKey, 'key=AKIAIOSFODNN7EXAMPLE region=us-east-1')).toEqual({
    text: 'key=*** region=us-east-1',
    count: 1,
  });
  expect(applyRule(awsAccessKey, 'AKIA is a prefix').count).toBe(0);
});
