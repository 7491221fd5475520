import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import {
  OIDC_CALLBACK_PATH,
  OIDC_SIGN_IN_PATH,
  OIDC_SIGNED_OUT_PATH,
  safeReturnPath,
  SIGN_IN_ACTION,
  SIGN_OUT_ACTION,
  signInPath,
} from '#src/api/contract/sign-in.ts';
import type { OidcSessions } from '#server/auth/oidc-sessions.ts';
import type { UserSessions } from '#server/auth/user-sessions.ts';

const MAX_FORM_BYTES = 16 * 1024;

/** For the forms' posts: from this site only, and small. */
function formGuard(publicUrl: URL | null) {
  return [
    // Behind a TLS proxy the browser's origin is PUBLIC_URL's.
    csrf({
      origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicUrl?.origin,
    }),
    bodyLimit({
      maxSize: MAX_FORM_BYTES,
      onError: (c) => c.redirect(signInPath('/', 'invalid'), 303),
    }),
  ] as const;
}

export function createAuthRoutes(sessions: UserSessions, publicUrl: URL | null): Hono {
  const guard = formGuard(publicUrl);
  return new Hono()
    .post(SIGN_IN_ACTION, ...guard, async (c) => {
      const form = await c.req.parseBody();
      const next = typeof form.next === 'string' ? safeReturnPath(form.next) : '/';
      const pasted = typeof form.token === 'string' ? form.token : '';
      const result = await sessions.signIn(c, pasted);
      return c.redirect(result.ok ? next : signInPath(next, result.problem), 303);
    })
    .post(SIGN_OUT_ACTION, ...guard, async (c) => {
      await sessions.signOut(c);
      // API answers the browser may reuse for a while must not outlive the sign-in.
      c.header('Clear-Site-Data', '"cache"');
      return c.redirect(signInPath('/', 'signed-out'), 303);
    });
}

/** SP_AUTH=oidc: sign-in goes through the identity provider's pages; sign-out is a form post. */
export function createOidcRoutes(sessions: OidcSessions, publicUrl: URL | null): Hono {
  return new Hono()
    .get(OIDC_SIGN_IN_PATH, (c) => sessions.start(c, safeReturnPath(c.req.query('next'))))
    .get(OIDC_CALLBACK_PATH, (c) => sessions.finish(c))
    .get(OIDC_SIGNED_OUT_PATH, (c) => c.redirect(signInPath('/', 'signed-out'), 303))
    .post(SIGN_OUT_ACTION, ...formGuard(publicUrl), (c) => {
      // API answers the browser may reuse for a while must not outlive the sign-in.
      c.header('Clear-Site-Data', '"cache"');
      return sessions.signOut(c);
    });
}
