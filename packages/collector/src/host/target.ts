import { userInfo } from 'node:os';
import { HostAccessError } from './errors.js';

/** `[user@]host` as ssh takes it; an IPv6 address may be bracketed (`user@[::1]`). */
export function parseTarget(
  target: string,
  defaultUser = userInfo().username,
): { user: string; host: string } {
  const at = target.lastIndexOf('@');
  const user = at === -1 ? defaultUser : target.slice(0, at);
  let host = at === -1 ? target : target.slice(at + 1);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (user === '' || host === '' || /[\s/]/.test(host) || /\s/.test(user)) {
    throw new HostAccessError(
      `target ${JSON.stringify(target)}: expected [user@]host, e.g. ubuntu@10.0.0.5`,
    );
  }
  return { user, host };
}
