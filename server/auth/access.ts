import type { Context, Input } from 'hono';
import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import type { UserSessions } from '#server/auth/user-sessions.ts';
import type { SharedTokenSource } from '#server/identity/shared-token.ts';
import { UpstreamError } from '#server/upstream/client.ts';

export type Access =
  { mode: 'shared'; tokens: SharedTokenSource } | { mode: 'user'; sessions: UserSessions };

type TokenFound = { ok: true; token: string; expiresAt: Date | null };

/** The server's own token could not be had: no signing in by staff can help. */
type TokenUnavailable = { ok: false; code: 'token_unavailable'; error: UpstreamError };

export type TokenLookup =
  | TokenFound
  | { ok: false; code: Extract<ApiErrorCode, 'sign_in_required' | 'session_expired'> }
  | TokenUnavailable;

export function tokenFor(access: Access, request: Request): Promise<TokenLookup> {
  return access.mode === 'user' ? access.sessions.read(request) : sharedToken(access.tokens);
}

export async function sharedToken(
  tokens: SharedTokenSource,
): Promise<TokenFound | TokenUnavailable> {
  try {
    return { ok: true, token: await tokens.current(), expiresAt: null };
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return { ok: false, code: 'token_unavailable', error };
  }
}

/** Looked up once per request: the rate limit and the /api/v1 routes both ask. */
export function tokenForRequest<P extends string, I extends Input>(
  access: Access,
  c: Context<ApiEnv, P, I>,
): Promise<TokenLookup> {
  let lookup = c.get('tokenLookup');
  if (lookup === undefined) {
    lookup = tokenFor(access, c.req.raw);
    c.set('tokenLookup', lookup);
  }
  return lookup;
}
