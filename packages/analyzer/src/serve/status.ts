/**
 * metav1.Status bodies, worded as the real API server words them, so kubectl prints the
 * same "Error from server (NotFound): pods "x" not found" a live cluster gives.
 */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { continue?: string };
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string; retryAfterSeconds?: number };
  code: number;
}

/** The user named in Forbidden messages: the kubeconfig user serve writes. */
export const servedUser = 'studio-support';

export function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: StatusBody['details'],
): StatusBody {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details && { details }),
    code,
  };
}

interface Target {
  group: string;
  resource: string;
}

const groupDetail = (t: Target) => (t.group ? { group: t.group } : {});
const qualified = (t: Target) => (t.group ? `${t.resource}.${t.group}` : t.resource);

export function notFound(t: Target, name: string): StatusBody {
  return statusBody(404, 'NotFound', `${qualified(t)} "${name}" not found`, {
    name,
    ...groupDetail(t),
    kind: t.resource,
  });
}

export function unknownPath(): StatusBody {
  return statusBody(404, 'NotFound', 'the server could not find the requested resource');
}

/** `pods "x" is forbidden: User "…" cannot get resource "pods/log" in API group "" in the namespace "ns"` */
export function forbidden(
  t: Target,
  verb: string,
  namespace?: string,
  name?: string,
  subresource?: string,
): StatusBody {
  const what = name ? `${qualified(t)} "${name}"` : qualified(t);
  const resource = subresource ? `${t.resource}/${subresource}` : t.resource;
  const where = namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope';
  return statusBody(
    403,
    'Forbidden',
    `${what} is forbidden: User "${servedUser}" cannot ${verb} resource "${resource}" in API group "${t.group}"${where}`,
    { ...(name && { name }), ...groupDetail(t), kind: t.resource },
  );
}

export function unauthorized(): StatusBody {
  return statusBody(401, 'Unauthorized', 'Unauthorized');
}

export function badRequest(message: string): StatusBody {
  return statusBody(400, 'BadRequest', message);
}

export function internalError(message: string): StatusBody {
  return statusBody(500, 'InternalError', `Internal error occurred: ${message}`);
}

export function tooManyRequests(retryAfterSeconds: number): StatusBody {
  return statusBody(429, 'TooManyRequests', 'Too many requests, please try again later.', {
    retryAfterSeconds,
  });
}

/** 410 for an expired continue token, with a fresh token to carry on inconsistently. */
export function expired(freshContinue: string): StatusBody {
  const body = statusBody(
    410,
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  );
  body.metadata.continue = freshContinue;
  return body;
}

/** Every write verb and watch: the server is a read-only snapshot. */
export function readOnly(what: string): StatusBody {
  return statusBody(
    405,
    'MethodNotAllowed',
    `${what} is not allowed: studio-analyze serve is a read-only view of a support bundle; nothing can be changed or watched`,
  );
}

/** exec, attach, port-forward, proxy: they need running containers a bundle does not have. */
export function notLive(what: string): StatusBody {
  return statusBody(
    405,
    'MethodNotAllowed',
    `${what} is not available: studio-analyze serve answers from a support bundle, with no live containers behind it`,
  );
}
