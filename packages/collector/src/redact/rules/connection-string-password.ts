import { redactedMarker, regexRule } from '../rule.js';

/**
 * scheme://user:PASSWORD@host → scheme://user:***@host, for any URL scheme
 * (postgresql, postgres+psycopg2, redis, rediss, amqp, mongodb, https, …).
 */
export const connectionStringPassword = regexRule(
  'connection-string-password',
  /([a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]*:)(?!\*\*\*@)[^\s@/'"]+(@)/gi,
  `$1${redactedMarker}$2`,
  // "://", then only characters the user and password may hold, then "@" (never across lines).
  // ASCII white space only: read as latin1, a UTF-8 byte may look like U+0085 or U+00A0.
  (text) => /:\/\/[^\t\n\v\f\r /@'"]*@/.test(text),
);
