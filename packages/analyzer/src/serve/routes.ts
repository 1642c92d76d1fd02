import { findServedKind, type ServedKind } from './kinds.js';

/** A request for objects: /api/v1/... or /apis/{group}/{version}/... */
export interface ResourceRoute {
  type: 'resource';
  kind: ServedKind;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** pods/{name}/proxy/{path…}: the path asked of the pod, with its leading "/". */
  proxyPath?: string;
}

export type Route =
  | ResourceRoute
  | { type: 'discovery'; path: 'root' | 'version' | 'api' | 'apis' | 'health' }
  | { type: 'groupVersion'; group: string; version: string }
  | { type: 'group'; group: string }
  | { type: 'unknown' };

/**
 * Maps a URL path to what it asks for, the way the API server's path layout works:
 * `[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]` under a group version, where
 * `/api/v1/namespaces/{name}` is the namespaces resource itself.
 */
export function route(pathname: string): Route {
  let parts: string[];
  try {
    parts = pathname
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
  } catch {
    return { type: 'unknown' }; // a malformed %-escape names nothing
  }
  if (parts.length === 0) return { type: 'discovery', path: 'root' };
  const [head, ...rest] = parts;
  if (head === 'version' && rest.length === 0) return { type: 'discovery', path: 'version' };
  if (['healthz', 'livez', 'readyz'].includes(head!) && rest.length === 0) {
    return { type: 'discovery', path: 'health' };
  }
  let group: string;
  let version: string;
  let tail: string[];
  if (head === 'api') {
    if (rest.length === 0) return { type: 'discovery', path: 'api' };
    [version, ...tail] = rest as [string, ...string[]];
    group = '';
  } else if (head === 'apis') {
    if (rest.length === 0) return { type: 'discovery', path: 'apis' };
    if (rest.length === 1) return { type: 'group', group: rest[0]! };
    [group, version, ...tail] = rest as [string, string, ...string[]];
  } else {
    return { type: 'unknown' };
  }
  if (tail.length === 0) return { type: 'groupVersion', group, version };

  let namespace: string | undefined;
  if (tail[0] === 'namespaces' && tail.length >= 3) {
    namespace = tail[1];
    tail = tail.slice(2);
  }
  const [resource, name, subresource, ...extra] = tail;
  const kind = findServedKind(group, version, resource!);
  const proxy = subresource === 'proxy';
  if (!kind || (extra.length > 0 && !proxy)) return { type: 'unknown' };
  if (namespace !== undefined && !kind.namespaced) return { type: 'unknown' };
  return {
    type: 'resource',
    kind,
    ...(namespace !== undefined && { namespace }),
    ...(name !== undefined && { name }),
    ...(subresource !== undefined && { subresource }),
    ...(proxy && { proxyPath: `/${extra.join('/')}` }),
  };
}
