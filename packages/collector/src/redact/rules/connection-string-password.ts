import { redactedMarker, regexRule } from '../rule.js';

/**
 * scheme://user:PASSWORD@host → scheme://user:***@host, for any URL scheme
 * (postgresql, postgres+psycopg2, redis, rediss, amqp, mongodb, https, …).
 */
export const connectionStringPassword = regexRule(
  'connection-string-password',
  /([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)(?!\*\*\*@)[^\s@/'"]+(@)/gi,
  `$1${redactedMarker}$2`,
);
