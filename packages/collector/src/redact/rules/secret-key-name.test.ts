import { expect, it } from 'vitest';
import { isSecretKeyName } from './secret-key-name.js';

it('secret-key-name tells secret names from harmless ones', () => {
  for (const name of [
    'DB_PASSWORD',
    'SECRET_KEY',
    'GITHUB_TOKEN',
    'AWS_SECRET_ACCESS_KEY',
    'api-key',
    'SENTRY_DSN',
  ]) {
    expect(isSecretKeyName(name), name).toBe(true);
  }
  for (const name of [
    'DATABASE_URL',
    'REDIS_URL',
    'LOG_LEVEL',
    'PASSWORD_FILE',
    'TOKEN_TTL',
    'STUDIO_HOST',
  ]) {
    expect(isSecretKeyName(name), name).toBe(false);
  }
});
