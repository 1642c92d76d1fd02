/**
 * Continue tokens for `limit`/`continue` pagination. Opaque to clients (base64url JSON, as
 * the API server's are): the list's resourceVersion, the offset of the next item in the
 * filtered, sorted result, and when the token was issued, so a fault plan can expire it.
 */
export interface ContinueState {
  rv: string;
  offset: number;
  issuedAt: number;
}

export class ContinueTokenError extends Error {}

export function encodeContinue(state: ContinueState): string {
  return Buffer.from(JSON.stringify({ v: 'serve/1', ...state })).toString('base64url');
}

export function decodeContinue(token: string): ContinueState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new ContinueTokenError(`continue key is not valid: not a token this server issued`);
  }
  const s = parsed as Partial<ContinueState> & { v?: unknown };
  if (
    s.v !== 'serve/1' ||
    typeof s.rv !== 'string' ||
    !Number.isInteger(s.offset) ||
    (s.offset ?? -1) < 0 ||
    typeof s.issuedAt !== 'number'
  ) {
    throw new ContinueTokenError(`continue key is not valid: not a token this server issued`);
  }
  return { rv: s.rv, offset: s.offset!, issuedAt: s.issuedAt };
}
