// Sign-in with the institution's account (SP_AUTH=oidc): see docs/decisions/oidc-sign-in.md.
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { generateCookie, getCookie } from 'hono/cookie';
import * as client from 'openid-client';
import { z } from 'zod';
import {
  OIDC_CALLBACK_PATH,
  OIDC_SIGNED_OUT_PATH,
  signInPath,
  type SignInProblem,
} from '#src/api/contract/sign-in.ts';
import type { TokenLookup } from '#server/auth/access.ts';
import { createSeal } from '#server/auth/seal.ts';
import { DEFAULT_SESSION_SECONDS } from '#server/auth/user-sessions.ts';
import type { Log } from '#server/http/log.ts';
import { createMemorySignOuts } from '#server/shared-state/memory-state.ts';
import type { SignOutStore } from '#server/shared-state/shared-state.ts';
import { tokenKey } from '#server/upstream/token-key.ts';

/** offline_access: most providers give a refresh token only when it is asked for. */
export const DEFAULT_OIDC_SCOPE = 'openid profile email offline_access';

/** Long enough to choose an account and type a password, short enough to be no standing ticket. */
const PENDING_SECONDS = 10 * 60;
/** Browsers keep 4096 bytes of a cookie's name and value: some to spare. */
const MAX_COOKIE_BYTES = 4000;
/** Renewed this long before it expires, or a quarter of its lifetime when that is shorter. */
const RENEW_AHEAD_SECONDS = 60;
/** How long a failed renewal answers the requests that wait on it before another is tried. */
const FAILED_RENEWAL_MS = 10_000;
const PROVIDER_TIMEOUT_SECONDS = 10;
const MAX_NAME_LENGTH = 200;

export interface OidcSessionsOptions {
  issuer: URL;
  clientId: string;
  /** Null for a public client, which PKCE alone protects. */
  clientSecret: string | null;
  scope: string;
  /** Every instance behind a load balancer needs the same one. */
  secret: string;
  /** Behind TLS: the cookies are Secure and take the __Host- prefix. */
  secure: boolean;
  /** The origin staff use, for the redirect URIs; null uses the request's own (loopback only). */
  publicUrl: URL | null;
  /** Shared by every instance, so a signed-out cookie replayed anywhere is refused. */
  signOuts?: SignOutStore;
  sessionSeconds?: number;
  now?: () => number;
  log: Log;
}

export interface OidcSessions {
  /** The identity provider's host, which the sign-in button names. */
  provider: string;
  /** Sign-out sends the browser there: the pages' form-action must allow it. */
  issuerOrigin: string;
  /** Renews the access token when it is about to expire, and re-seals the cookie. */
  read(c: Context): Promise<TokenLookup>;
  /**
   * Writes the cookies a request changed onto its answer, however that answer was built (plain
   * Responses skip the context's headers): around every route.
   */
  keepCookies: MiddlewareHandler;
  /** Sends the browser to the provider, remembering this sign-in in a short-lived cookie. */
  start(c: Context, next: string): Promise<Response>;
  /** The provider's redirect back: signs in, or sends to the sign-in page saying why not. */
  finish(c: Context): Promise<Response>;
  /** Ends the session everywhere, then at the provider when it offers that. */
  signOut(c: Context): Promise<Response>;
  /** The provider's metadata, fetched once: at start, to say early when it cannot be reached. */
  discover(): Promise<void>;
}

const pendingSchema = z.object({
  state: z.string(),
  nonce: z.string(),
  verifier: z.string(),
  next: z.string(),
});

/** Short names: all of it travels in every request's cookie. */
const sessionSchema = z.object({
  sid: z.string(),
  sub: z.string(),
  /** Name, else email, from the ID token. */
  who: z.string().nullable(),
  at: z.string(),
  /** When the access token expires and when to renew it (seconds), if the provider said. */
  atExp: z.number().optional(),
  renewAt: z.number().optional(),
  rt: z.string().optional(),
  /** The ID token, as the hint at sign-out; dropped when the cookie would be too large. */
  it: z.string().optional(),
  /** When the session ends, renewals or not. */
  exp: z.number(),
});

type Session = z.infer<typeof sessionSchema>;

const idClaimsSchema = z.object({
  sub: z.string(),
  name: z.string().optional().catch(undefined),
  email: z.string().optional().catch(undefined),
});

type Renewal = { ok: true; session: Session } | { ok: false; refused: boolean };

/** Without a refresh token, a session lasts as long as its access token. */
const NOT_RENEWED: Renewal = { ok: false, refused: false };

type Tokens = client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;

export function createOidcSessions({
  issuer,
  clientId,
  clientSecret,
  scope,
  secret,
  secure,
  publicUrl,
  sessionSeconds = DEFAULT_SESSION_SECONDS,
  now = Date.now,
  signOuts = createMemorySignOuts(now),
  log,
}: OidcSessionsOptions): OidcSessions {
  const sessionSeal = createSeal(secret, 'sp-dashboard-oidc-session');
  const pendingSeal = createSeal(secret, 'sp-dashboard-oidc-pending');
  const sessionCookie = secure ? '__Host-sp_session' : 'sp_session';
  const pendingCookie = secure ? '__Host-sp_sign_in' : 'sp_sign_in';
  // Lax: the provider's redirect back is a cross-site navigation, and so is the redirect from
  // the callback to the view; Strict would leave both without their cookie.
  const cookieOptions = { httpOnly: true, sameSite: 'Lax', secure, path: '/' } as const;
  const seconds = () => Math.floor(now() / 1000);

  const answerCookies = new WeakMap<Request, string[]>();
  function setCookie(c: Context, name: string, value: string, maxAge: number): void {
    const lines = answerCookies.get(c.req.raw) ?? [];
    answerCookies.set(c.req.raw, [
      ...lines,
      generateCookie(name, value, { ...cookieOptions, maxAge }),
    ]);
  }

  let discovered: Promise<client.Configuration> | null = null;
  /** Fetched once; a failure is forgotten, so the next sign-in asks again. */
  function configuration(): Promise<client.Configuration> {
    discovered ??= client
      .discovery(
        issuer,
        clientId,
        undefined,
        clientSecret === null ? client.None() : client.ClientSecretBasic(clientSecret),
        {
          timeout: PROVIDER_TIMEOUT_SECONDS,
          // env.ts allows plain http only on loopback: the demo's provider, or a local stand-in.
          // eslint-disable-next-line @typescript-eslint/no-deprecated -- see above
          ...(issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
        },
      )
      .catch((error: unknown) => {
        discovered = null;
        throw error;
      });
    return discovered;
  }

  /** Registered at the provider: PUBLIC_URL's, or on loopback the address the browser used. */
  const ownUrl = (c: Context, path: string) =>
    new URL(path, publicUrl ?? new URL(c.req.url).origin);

  function lookupOf(session: Session): TokenLookup {
    return {
      ok: true,
      token: session.at,
      expiresAt: new Date(session.exp * 1000),
      account: { key: tokenKey(`oidc:${session.sub}`), name: session.who },
    };
  }

  function tokenTimes(tokens: Tokens, at: number): Pick<Session, 'atExp' | 'renewAt'> {
    const lifetime = tokens.expiresIn();
    if (lifetime === undefined) return {};
    return {
      atExp: at + lifetime,
      renewAt: at + lifetime - Math.min(RENEW_AHEAD_SECONDS, Math.floor(lifetime / 4)),
    };
  }

  /** False when even without the ID token the cookie would be too large for browsers to keep. */
  async function store(c: Context, session: Session): Promise<boolean> {
    const { exp, ...payload } = session;
    const at = seconds();
    let sealed = await sessionSeal.seal(payload, at, exp);
    if (sessionCookie.length + sealed.length > MAX_COOKIE_BYTES && payload.it !== undefined) {
      log('The ID token is not kept in the session cookie: it would be too large.', {
        event: 'oidc_id_token_dropped',
        bytes: sealed.length,
      });
      sealed = await sessionSeal.seal({ ...payload, it: undefined }, at, exp);
    }
    if (sessionCookie.length + sealed.length > MAX_COOKIE_BYTES) {
      log("The provider's tokens are too large for a session cookie.", {
        event: 'oidc_session_too_large',
        bytes: sealed.length,
      });
      return false;
    }
    setCookie(c, sessionCookie, sealed, exp - at);
    return true;
  }

  async function opened(
    c: Context,
  ): Promise<{ ok: true; session: Session } | Exclude<TokenLookup, { ok: true }>> {
    const sealed = getCookie(c, sessionCookie);
    if (sealed === undefined) return { ok: false, code: 'sign_in_required' };
    const unsealed = await sessionSeal.open(sealed, now());
    if (!unsealed.ok) {
      return { ok: false, code: unsealed.expired ? 'session_expired' : 'sign_in_required' };
    }
    const session = sessionSchema.safeParse(unsealed.payload);
    return session.success
      ? { ok: true, session: session.data }
      : { ok: false, code: 'sign_in_required' };
  }

  async function renew(session: Session, refreshToken: string): Promise<Renewal> {
    try {
      const tokens = await client.refreshTokenGrant(await configuration(), refreshToken);
      return {
        ok: true,
        session: {
          ...session,
          at: tokens.access_token,
          ...tokenTimes(tokens, seconds()),
          // Providers that do not rotate refresh tokens send none back.
          rt: tokens.refresh_token ?? refreshToken,
          it: tokens.id_token ?? session.it,
        },
      };
    } catch (error) {
      const refused = error instanceof client.ResponseBodyError && error.status < 500;
      log('Renewing a session at the identity provider failed.', {
        event: 'oidc_renewal_failed',
        refused,
        ...reasonOf(error),
      });
      return { ok: false, refused };
    }
  }

  const renewals = new Map<string, { renewal: Promise<Renewal>; until: number }>();
  /**
   * One renewal per session and refresh token at a time in this instance. A renewal also answers
   * requests that still carry the cookie it replaced (sent at the same time, or whose answer was
   * lost) until the new token is due: a refresh token used twice makes the provider end the grant.
   */
  function renewOnce(session: Session, refreshToken: string): Promise<Renewal> {
    const at = now();
    for (const [key, entry] of renewals) if (entry.until <= at) renewals.delete(key);
    const key = `${session.sid}:${tokenKey(refreshToken)}`;
    const known = renewals.get(key);
    if (known !== undefined) return known.renewal;
    const entry = { renewal: renew(session, refreshToken), until: Infinity };
    renewals.set(key, entry);
    void entry.renewal.then((renewal) => {
      entry.until = renewal.ok
        ? Math.max(now(), (renewal.session.renewAt ?? 0) * 1000)
        : now() + FAILED_RENEWAL_MS;
    });
    return entry.renewal;
  }

  function refuse(c: Context, next: string, problem: SignInProblem, error: unknown): Response {
    log('A sign-in with the identity provider was refused.', {
      event: 'oidc_sign_in_refused',
      problem,
      ...reasonOf(error),
    });
    return c.redirect(signInPath(next, problem), 303);
  }

  return {
    provider: issuer.host,
    issuerOrigin: issuer.origin,

    async discover() {
      await configuration();
    },

    async keepCookies(c, next) {
      await next();
      for (const line of answerCookies.get(c.req.raw) ?? []) {
        c.header('Set-Cookie', line, { append: true });
      }
    },

    async read(c) {
      const open = await opened(c);
      if (!open.ok) return open;
      const { session } = open;
      if (await signOuts.has(session.sid)) return { ok: false, code: 'sign_in_required' };
      if (session.renewAt === undefined || session.renewAt > seconds()) return lookupOf(session);
      const renewal = session.rt === undefined ? NOT_RENEWED : await renewOnce(session, session.rt);
      if (renewal.ok && (await store(c, renewal.session))) return lookupOf(renewal.session);
      // Not renewed, but not refused either: the current token serves while it lasts.
      if (!renewal.ok && !renewal.refused && (session.atExp ?? 0) > seconds()) {
        return lookupOf(session);
      }
      setCookie(c, sessionCookie, '', 0);
      return { ok: false, code: 'session_expired' };
    },

    async start(c, next) {
      let config: client.Configuration;
      try {
        config = await configuration();
      } catch (error) {
        return refuse(c, next, 'provider-unreachable', error);
      }
      const pending = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        verifier: client.randomPKCECodeVerifier(),
        next,
      };
      const at = seconds();
      setCookie(
        c,
        pendingCookie,
        await pendingSeal.seal(pending, at, at + PENDING_SECONDS),
        PENDING_SECONDS,
      );
      const authorization = client.buildAuthorizationUrl(config, {
        redirect_uri: ownUrl(c, OIDC_CALLBACK_PATH).href,
        scope,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      return c.redirect(authorization.href, 303);
    },

    async finish(c) {
      const sealed = getCookie(c, pendingCookie);
      setCookie(c, pendingCookie, '', 0);
      const unsealed = sealed === undefined ? null : await pendingSeal.open(sealed, now());
      const pending = pendingSchema.safeParse(unsealed?.ok === true ? unsealed.payload : null);
      if (!pending.success) {
        // Expired, tampered with, or this browser never started a sign-in.
        return refuse(c, '/', 'sign-in-failed', new Error('no pending sign-in'));
      }
      const { state, nonce, verifier, next } = pending.data;
      try {
        // The callback as registered, with the query the provider sent.
        const callback = ownUrl(c, OIDC_CALLBACK_PATH);
        callback.search = new URL(c.req.url).search;
        const tokens = await client.authorizationCodeGrant(await configuration(), callback, {
          pkceCodeVerifier: verifier,
          expectedState: state,
          expectedNonce: nonce,
          idTokenExpected: true,
        });
        const claims = idClaimsSchema.parse(tokens.claims());
        const at = seconds();
        const stored = await store(c, {
          sid: randomUUID(),
          sub: claims.sub,
          who: displayName(claims),
          at: tokens.access_token,
          ...tokenTimes(tokens, at),
          rt: tokens.refresh_token,
          it: tokens.id_token,
          exp: at + sessionSeconds,
        });
        return stored
          ? c.redirect(next, 303)
          : c.redirect(signInPath(next, 'session-too-large'), 303);
      } catch (error) {
        return refuse(c, next, callbackProblem(error), error);
      }
    },

    async signOut(c) {
      const open = await opened(c);
      setCookie(c, sessionCookie, '', 0);
      if (!open.ok) return c.redirect(signInPath('/', 'signed-out'), 303);
      const { session } = open;
      await signOuts.add(session.sid, session.exp * 1000);
      let endSession: URL | null = null;
      try {
        const config = await configuration();
        const endpoint = config.serverMetadata().end_session_endpoint;
        // Elsewhere than the issuer, the pages' form-action would stop the browser going there.
        if (endpoint !== undefined && new URL(endpoint).origin === issuer.origin) {
          endSession = client.buildEndSessionUrl(config, {
            post_logout_redirect_uri: ownUrl(c, OIDC_SIGNED_OUT_PATH).href,
            ...(session.it === undefined ? {} : { id_token_hint: session.it }),
          });
        }
      } catch (error) {
        log('Signed out here only: the identity provider could not be reached.', {
          event: 'oidc_end_session_skipped',
          ...reasonOf(error),
        });
      }
      return c.redirect(endSession?.href ?? signInPath('/', 'signed-out'), 303);
    },
  };
}

function displayName({ name, email }: z.infer<typeof idClaimsSchema>): string | null {
  const shown = name?.trim() || email?.trim();
  return shown === undefined || shown === '' ? null : shown.slice(0, MAX_NAME_LENGTH);
}

/** What the sign-in page tells the staff member about a failed callback. */
function callbackProblem(error: unknown): SignInProblem {
  // The provider said no (the person cancelled, or may not use this dashboard).
  if (error instanceof client.AuthorizationResponseError) return 'provider-error';
  // A code, PKCE verifier or client the provider refused; its 5xx is an outage.
  if (error instanceof client.ResponseBodyError) {
    return error.status >= 500 ? 'provider-unreachable' : 'sign-in-failed';
  }
  if (error instanceof client.ClientError) {
    return error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' ||
      error.code === 'OAUTH_RESPONSE_IS_NOT_JSON'
      ? 'provider-unreachable'
      : // State, nonce or ID token checks.
        'sign-in-failed';
  }
  const unreachable =
    error instanceof TypeError ||
    (error instanceof Error && ['TimeoutError', 'AbortError'].includes(error.name));
  return unreachable ? 'provider-unreachable' : 'sign-in-failed';
}

/** Never the error's cause: it may hold the provider's whole answer. */
function reasonOf(error: unknown): { reason: string } {
  if (
    error instanceof client.ResponseBodyError ||
    error instanceof client.AuthorizationResponseError
  ) {
    return {
      reason: `${error.error}${error.error_description ? `: ${error.error_description}` : ''}`,
    };
  }
  if (error instanceof client.ClientError)
    return { reason: `${error.code ?? ''} ${error.message}`.trim() };
  return { reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
