// See docs/decisions/per-user-sign-in.md.
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { parse as parseCookies } from 'hono/utils/cookie';
import { decodeJwt } from 'jose';
import type { SignInProblem } from '#src/api/contract/sign-in.ts';
import type { TokenLookup } from '#server/auth/access.ts';
import { createSeal } from '#server/auth/seal.ts';
import { createMemorySignOuts } from '#server/shared-state/memory-state.ts';
import type { SignOutStore } from '#server/shared-state/shared-state.ts';

export const DEFAULT_SESSION_SECONDS = 12 * 60 * 60;
const MAX_TOKEN_LENGTH = 4096;
/** How long past a JWT's expiry its cookie lives, so the dashboard can still name the reason. */
const EXPIRED_TOKEN_GRACE_SECONDS = 15 * 60;

export interface UserSessions {
  read(request: Request): Promise<TokenLookup>;
  signIn(
    c: Context,
    pastedToken: string,
  ): Promise<{ ok: true; expiresAt: Date | null } | { ok: false; problem: SignInProblem }>;
  /** Ends the session everywhere: its id is refused by every instance until the cookie expires. */
  signOut(c: Context): Promise<void>;
}

export interface UserSessionsOptions {
  /** Every instance behind a load balancer needs the same one. */
  secret: string;
  /** Behind TLS: the cookie is Secure and takes the __Host- prefix. */
  secure: boolean;
  /** Shared by every instance, so a signed-out cookie replayed anywhere is refused. */
  signOuts?: SignOutStore;
  sessionSeconds?: number;
  now?: () => number;
}

/** Visible ASCII only: the token travels in a header. */
export function readPastedToken(
  pasted: string,
): { ok: true; token: string; expiresAt: Date | null } | { ok: false; problem: SignInProblem } {
  const token = pasted.trim();
  if (token === '') return { ok: false, problem: 'empty' };
  if (token.length > MAX_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    return { ok: false, problem: 'invalid' };
  }
  return { ok: true, token, expiresAt: jwtExpiry(token) };
}

/** Unverified: only the upstream can verify the token. */
function jwtExpiry(token: string): Date | null {
  if (token.split('.').length !== 3) return null;
  try {
    const { exp } = decodeJwt(token);
    return exp === undefined ? null : new Date(exp * 1000);
  } catch {
    return null;
  }
}

export function createUserSessions({
  secret,
  secure,
  sessionSeconds = DEFAULT_SESSION_SECONDS,
  now = Date.now,
  signOuts = createMemorySignOuts(now),
}: UserSessionsOptions): UserSessions {
  const seal = createSeal(secret, 'sp-dashboard-session');
  const cookieName = secure ? '__Host-sp_session' : 'sp_session';

  /** The cookie's payload, or why there is none. */
  async function unseal(
    request: Request,
  ): Promise<
    | { ok: true; payload: Record<string, unknown> }
    | { ok: false; code: 'sign_in_required' | 'session_expired' }
  > {
    const sealed = parseCookies(request.headers.get('cookie') ?? '', cookieName)[cookieName];
    if (sealed === undefined) return { ok: false, code: 'sign_in_required' };
    const opened = await seal.open(sealed, now());
    if (opened.ok) return opened;
    return { ok: false, code: opened.expired ? 'session_expired' : 'sign_in_required' };
  }

  return {
    async read(request) {
      const unsealed = await unseal(request);
      if (!unsealed.ok) return unsealed;
      const { tok, tokenExp, sid } = unsealed.payload;
      // A cookie without a session id could not be signed out: it was sealed before sign-out held.
      if (typeof tok !== 'string' || typeof sid !== 'string') {
        return { ok: false, code: 'sign_in_required' };
      }
      if (await signOuts.has(sid)) return { ok: false, code: 'sign_in_required' };
      const expiresAt = typeof tokenExp === 'number' ? new Date(tokenExp * 1000) : null;
      if (expiresAt !== null && expiresAt.getTime() <= now()) {
        return { ok: false, code: 'session_expired' };
      }
      return { ok: true, token: tok, expiresAt };
    },

    async signIn(c, pastedToken) {
      const pasted = readPastedToken(pastedToken);
      if (!pasted.ok) return pasted;
      const { token, expiresAt } = pasted;
      const nowSeconds = Math.floor(now() / 1000);
      if (expiresAt !== null && expiresAt.getTime() <= now()) {
        return { ok: false, problem: 'expired' };
      }
      // A JWT's session ends with it. The cookie outlives the token by a short grace only so
      // that the next request can say "your token has expired" instead of a bare sign-in.
      const lifetimeSeconds =
        expiresAt === null
          ? sessionSeconds
          : Math.min(
              sessionSeconds,
              Math.ceil(expiresAt.getTime() / 1000) - nowSeconds + EXPIRED_TOKEN_GRACE_SECONDS,
            );
      const session = { tok: token, sid: randomUUID() };
      const sealed = await seal.seal(
        expiresAt === null ? session : { ...session, tokenExp: expiresAt.getTime() / 1000 },
        nowSeconds,
        nowSeconds + lifetimeSeconds,
      );
      setCookie(c, cookieName, sealed, {
        httpOnly: true,
        sameSite: 'Strict',
        secure,
        path: '/',
        maxAge: lifetimeSeconds,
      });
      return { ok: true, expiresAt };
    },

    async signOut(c) {
      const unsealed = await unseal(c.req.raw);
      if (unsealed.ok) {
        const { sid, exp } = unsealed.payload;
        const expiresAt = typeof exp === 'number' ? exp * 1000 : now() + sessionSeconds * 1000;
        if (typeof sid === 'string') await signOuts.add(sid, expiresAt);
      }
      deleteCookie(c, cookieName, { path: '/', secure, httpOnly: true, sameSite: 'Strict' });
    },
  };
}
