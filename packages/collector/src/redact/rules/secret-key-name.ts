/**
 * Key names whose value is a secret as a whole: environment variables and ConfigMap keys
 * such as DB_PASSWORD, SECRET_KEY, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, DATABASE_URL's
 * password part aside (connection strings keep their host, see connection-string-password).
 */
export const secretKeyNameId = 'secret-key-name';

const secretName =
  /(pass(word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|signing[_-]?key|encryption[_-]?key|session[_-]?key|dsn)/i;

// Names that contain those words but hold no secret.
const harmless =
  /(_file|_path|_dir|_enabled|_ttl|_expir\w*|_length|_header|_url_path|_algorithm|_type)$/i;

export function isSecretKeyName(name: string): boolean {
  return secretName.test(name) && !harmless.test(name);
}
