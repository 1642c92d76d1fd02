/**
 * Which Studio component a pod, container, service or Docker container belongs to,
 * from its labels or names. Rules speak of components (backend, database, …), never of
 * release-specific names, so a renamed Helm release does not break them.
 */
const canonical: [RegExp, string][] = [
  [/ingress-nginx|nginx-ingress|ingress-controller/, 'ingress-controller'],
  [/postgres|pgbouncer|(^|-)db(-|$)|database/, 'database'],
  [/redis/, 'redis'],
  [/worker|celery|beat/, 'worker'],
  [/backend|(^|-)api(-|$)/, 'backend'],
  [/frontend|(^|-)ui(-|$)|(^|-)web(-|$)/, 'frontend'],
  [/coredns|kube-dns/, 'dns'],
  [/nginx/, 'nginx'],
];

/** The Studio components in their restart order (the seed guide's recovery order). */
export const studioComponents = ['database', 'redis', 'backend', 'frontend', 'worker'] as const;

const labelKeys = [
  'app.kubernetes.io/component',
  'app.kubernetes.io/name',
  'app',
  'component',
  'k8s-app',
  'name',
];

/** The first candidate that names a known component; else the first name, trimmed. */
export function componentOf(
  labels: Record<string, string>,
  ...names: (string | undefined)[]
): string {
  const candidates = [...labelKeys.map((k) => labels[k]), ...names].filter(
    (c): c is string => typeof c === 'string' && c !== '',
  );
  for (const c of candidates) {
    const lower = c.toLowerCase();
    for (const [re, name] of canonical) if (re.test(lower)) return name;
  }
  const fallback = names.find((n): n is string => typeof n === 'string' && n !== '') ?? '';
  return fallback.replace(/^datachain-studio-/, '') || 'unknown';
}
