import type { Context, Input } from 'hono';
import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import type { OidcSessions } from '#server/auth/oidc-sessions.ts';
import type { UserSessions } from '#server/auth/user-sessions.ts';
import type { SharedTokenSource } from '#server/identity/shared-token.ts';
import { UpstreamError } from '#server/upstream/client.ts';

export type Access =
  | { mode: 'shared'; tokens: SharedTokenSource }
  | { mode: 'user'; sessions: UserSessions }
  | { mode: 'oidc'; sessions: OidcSessions };

/** Who signed in with SP_AUTH=oidc: a key that outlives token renewals, and a name to show. */
export interface SignedInAccount {
  key: string;
  name: string | null;
}

type TokenFound = { ok: true; token: string; expiresAt: Date | null; account?: SignedInAccount };

/** The server's own token could not be had: no signing in by staff can help. */
type TokenUnavailable = { ok: false; code: 'token_unavailable'; error: UpstreamError };

export type TokenLookup =
  | TokenFound
  | { ok: false; code: Extract<ApiErrorCode, 'sign_in_required' | 'session_expired'> }
  | TokenUnavailable;

/** With SP_AUTH=oidc the lookup may renew the access token and re-seal the cookie on `c`. */
export function tokenFor(access: Access, c: Context): Promise<TokenLookup> {
  if (access.mode === 'shared') return sharedToken(access.tokens);
  if (access.mode === 'user') return access.sessions.read(c.req.raw);
  return access.sessions.read(c);
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
    lookup = tokenFor(access, c);
    c.set('tokenLookup', lookup);
  }
  return lookup;
}
