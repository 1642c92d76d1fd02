/**
 * Which files the analyzer reads, decided from the path alone: in a tar the bundle root
 * is only known after the last entry, so these tests work whatever directory the bundle
 * sits in. Logs are streamed through the line scanner; documents are kept in memory.
 */
const hostCommandText = /(^|\/)host\/commands\/[^/]+\.txt$/;
/** stdout of an in-pod check (--exec-checks): small, read whole. */
const execText = /(^|\/)exec\/[^/]+\/[^/]+\/[^/]+\.txt$/;

export function isLogPath(path: string): boolean {
  return (
    path.endsWith('.log') ||
    path === 'logs.txt' ||
    path.endsWith('/logs.txt') ||
    hostCommandText.test(path) ||
    /(^|\/)host\/files\/var\/log\//.test(path)
  );
}

export function isDocumentPath(path: string): boolean {
  return (
    /\.(json|ya?ml)$/.test(path) ||
    hostCommandText.test(path) ||
    execText.test(path) ||
    /(^|\/)host\/files\/etc\//.test(path)
  );
}
