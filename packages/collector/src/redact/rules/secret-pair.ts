import { redactedMarker, regexRule } from '../rule.js';

/**
 * key=value / key: value / "key": "value" pairs whose key names a secret:
 * password=hunter2, PGPASSWORD=…, token: abc, "api_key": "…", aws_secret_access_key = …
 */
export const secretPair = regexRule(
  'secret-pair',
  /(\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)\b["']?\s*[=:]\s*["']?)(?!\*\*\*)([^\s"',;&]+)/gi,
  `$1${redactedMarker}`,
);
