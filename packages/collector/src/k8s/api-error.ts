/**
 * A failed request: an HTTP status from the API server (with its Status reason and message),
 * a network error (code ECONNRESET, ECONNREFUSED, …), a TLS error, or a per-request timeout.
 */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    message: string,
    /** Status reason (Forbidden, NotFound, Expired, …) or a Node error code. */
    readonly code: string,
    /** The request path, e.g. /api/v1/namespaces/x/pods. */
    readonly path: string,
    readonly httpStatus?: number,
    /** From a 429/503's Retry-After header. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  /** Worth another try: throttling, server errors, resets and timeouts. */
  get retryable(): boolean {
    if (this.httpStatus !== undefined) {
      return this.httpStatus === 429 || (this.httpStatus >= 500 && this.httpStatus !== 501);
    }
    return retryableCodes.has(this.code);
  }
}

const retryableCodes = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'Timeout',
  'ResponseAborted',
]);

const tlsCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Wraps whatever a request threw into an ApiError (abort reasons pass through unchanged). */
export function networkError(error: unknown, path: string): ApiError {
  if (error instanceof ApiError) return error;
  const e = error as NodeJS.ErrnoException;
  const code = e.code ?? 'NetworkError';
  return new ApiError(e.message ?? String(error), code, path);
}

export function isTlsError(error: ApiError): boolean {
  return tlsCodes.has(error.code) || /certificate|SSL routines/i.test(error.message);
}

/** Turns the message of a Kubernetes Status body (or any error body) into one line. */
export function statusError(
  status: number,
  statusText: string,
  body: string,
  path: string,
  retryAfter?: string,
): ApiError {
  let reason = statusText.replace(/\s+/g, '') || `HTTP${status}`;
  let message = body.trim().split('\n')[0]?.slice(0, 500) ?? '';
  try {
    const s = JSON.parse(body) as { kind?: string; reason?: string; message?: string };
    if (s && typeof s === 'object') {
      if (s.reason) reason = s.reason;
      if (s.message) message = s.message;
    }
  } catch {
    // not a Status object: keep the text
  }
  const seconds = retryAfter === undefined ? NaN : Number(retryAfter);
  return new ApiError(
    `${status} ${statusText}${message ? `: ${message}` : ''}`,
    reason,
    path,
    status,
    Number.isFinite(seconds) ? seconds * 1000 : undefined,
  );
}
