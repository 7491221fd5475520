/**
 * Who may read through this server, and with which SmarterProctoring token. Shared: the server's
 * own token, for deployments behind the institution's sign-on. Per-user: each staff member's own
 * token, kept in an encrypted cookie (see user-sessions.ts).
 */
import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import type { UserSessions } from '#server/auth/user-sessions.ts';

export type Access = { mode: 'shared'; token: string } | { mode: 'user'; sessions: UserSessions };

export type TokenLookup =
  | { ok: true; token: string; expiresAt: Date | null }
  | { ok: false; code: Extract<ApiErrorCode, 'sign_in_required' | 'session_expired'> };

/** The token a request may call the upstream with, or why it has none. */
export async function tokenFor(access: Access, request: Request): Promise<TokenLookup> {
  if (access.mode === 'shared') return { ok: true, token: access.token, expiresAt: null };
  return access.sessions.read(request);
}
