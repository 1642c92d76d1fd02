import { redactedMarker, type RedactionRule } from '../rule.js';
import { isSecretKeyName } from './secret-key-name.js';

// A key containing a secret word anywhere (SECRET_KEY, DJANGO_SECRET_KEY, PGPASSWORD,
// api_key), then = or :, then the value. The key decides, through the same test as
// secret-key-name, so TOKEN_TTL=3600 or PASSWORD_FILE=/run/x stay readable.
// Every key the pattern accepts holds one of these words.
const word = /pass|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential/i;

const pair =
  /(\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[\w.-]*)(["']?\s*[=:]\s*["']?)(?!\*\*\*)([^\s"',;&]+)/gi;

/**
 * key=value / key: value / "key": "value" pairs whose key names a secret:
 * password=hunter2, SECRET_KEY=…, token: abc, "api_key": "…", aws_secret_access_key = …
 * (docker inspect's Env list is exactly such NAME=value strings).
 */
export const secretPair: RedactionRule = {
  id: 'secret-pair',
  start: () => (line) => {
    let count = 0;
    const text = line.replace(pair, (whole, key: string, sep: string) => {
      if (!isSecretKeyName(key)) return whole;
      count++;
      return `${key}${sep}${redactedMarker}`;
    });
    return { text, count };
  },
  mayMatch: (text) => word.test(text),
};
