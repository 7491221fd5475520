import type { Context, Input } from 'hono';
import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import type { UserSessions } from '#server/auth/user-sessions.ts';

export type Access = { mode: 'shared'; token: string } | { mode: 'user'; sessions: UserSessions };

export type TokenLookup =
  | { ok: true; token: string; expiresAt: Date | null }
  | { ok: false; code: Extract<ApiErrorCode, 'sign_in_required' | 'session_expired'> };

export async function tokenFor(access: Access, request: Request): Promise<TokenLookup> {
  if (access.mode === 'shared') return { ok: true, token: access.token, expiresAt: null };
  return access.sessions.read(request);
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
