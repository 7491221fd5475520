import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import type { UserSessions } from '#server/auth/user-sessions.ts';

export type Access = { mode: 'shared'; token: string } | { mode: 'user'; sessions: UserSessions };

export type TokenLookup =
  | { ok: true; token: string; expiresAt: Date | null }
  | { ok: false; code: Extract<ApiErrorCode, 'sign_in_required' | 'session_expired'> };

export async function tokenFor(access: Access, request: Request): Promise<TokenLookup> {
  if (access.mode === 'shared') return { ok: true, token: access.token, expiresAt: null };
  return access.sessions.read(request);
}
