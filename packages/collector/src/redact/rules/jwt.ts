import { redactedMarker, regexRule } from '../rule.js';

/** JSON Web Tokens (service-account tokens, session tokens): three base64url parts. */
export const jwt = regexRule(
  'jwt',
  /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g,
  redactedMarker,
  (text) => text.includes('eyJ'),
);
