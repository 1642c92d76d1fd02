import { redactedMarker, regexRule } from '../rule.js';

/** Authorization: Bearer <token> (and Basic <credentials>) in headers, logs and configs. */
export const bearerToken = regexRule(
  'bearer-token',
  /\b(Bearer|Basic)(\s+)(?!\*\*\*)[A-Za-z0-9\-._~+/]{8,}=*/g,
  `$1$2${redactedMarker}`,
  (text) => text.includes('Bearer') || text.includes('Basic'),
);
