import { describe, expect, it } from 'vitest';
import { applyRule } from '../testing.js';
import { connectionStringPassword } from './connection-string-password.js';

describe('connection-string-password', () => {
  it.each([
    ['postgresql://studio:s3cr3t@db:5432/studio', 'postgresql://studio:***@db:5432/studio'],
    [
      'DATABASE_URL=postgres+psycopg2://u:p%40ss@h/db',
      'DATABASE_URL=postgres+psycopg2://u:***@h/db',
    ],
    ['redis://:hunter2@redis:6379/0', 'redis://:***@redis:6379/0'],
    ['connect "rediss://default:Pa55@cache:6380"', 'connect "rediss://default:***@cache:6380"'],
  ])('%s', (input, output) => {
    expect(applyRule(connectionStringPassword, input)).toEqual({ text: output, count: 1 });
  });

  it('leaves URLs without a password, and already redacted ones, alone', () => {
    for (const line of [
      'http://backend:8000/health',
      'postgresql://db:5432/x',
      'redis://u:***@r:1',
    ]) {
      expect(applyRule(connectionStringPassword, line)).toEqual({ text: line, count: 0 });
    }
  });
});
