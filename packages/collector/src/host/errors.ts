/**
 * Reaching the host failed before anything could be collected: bad target, unreadable key,
 * refused or unknown host key, failed authentication, unreachable server, sudo needing a
 * password. The message is one line (what, where, expected, got); the CLI exits 2 with it.
 */
export class HostAccessError extends Error {
  override name = 'HostAccessError';
}
