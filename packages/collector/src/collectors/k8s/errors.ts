import type { CollectorError } from '@studio-support/schema';
import { messageOf } from '../../bundle/index.js';
import { ApiError } from '../../k8s/api-error.js';

/**
 * A failed request as a manifest error: the server's message, its Status reason (or the
 * socket error code), the HTTP status, the API resource and the bundle path it leaves
 * missing or incomplete. An abort (deadline, interrupt) keeps its own message.
 */
export function errorRecord(
  error: unknown,
  where: { path?: string; resource: string },
  prefix = '',
): CollectorError {
  const message = `${prefix}${messageOf(error)}`;
  if (error instanceof ApiError) {
    return {
      message,
      code: error.code,
      ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
      resource: where.resource,
      ...(where.path !== undefined ? { path: where.path } : {}),
    };
  }
  return {
    message,
    code: 'Aborted',
    resource: where.resource,
    ...(where.path !== undefined ? { path: where.path } : {}),
  };
}
