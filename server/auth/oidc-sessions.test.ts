/**
 * Sign-in with the institution's account (SP_AUTH=oidc), against the real embedded identity
 * provider: its own pages are driven as a browser would, our app answers without a port.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import { SERVER_INFO_PATH, serverInfoSchema } from '#src/api/contract/server-info.ts';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import {
  OIDC_CALLBACK_PATH,
  OIDC_SIGNED_OUT_PATH,
  oidcSignInPath,
  SIGN_OUT_ACTION,
} from '#src/api/contract/sign-in.ts';
import { createApp } from '#server/app.ts';
import { createOidcSessions } from '#server/auth/oidc-sessions.ts';
import { createSeal } from '#server/auth/seal.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { issuerTokenVerifier } from '#server/demo-upstream/user-tokens.ts';
import { startDemoProvider, type DemoProvider } from '#server/identity/demo-provider.ts';
import { EMPTY_UPSTREAM_LIST, stubUpstream } from '#server/testing/stub-upstream.ts';
import { testBrowser } from '#server/testing/test-browser.ts';

const ORIGIN = 'http://localhost';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const LIST_PATH = sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);
const VIEW = '/installs/x/enrollments/y/exams/z/sessions?status=closed&page=2';
const ACCESS_TOKEN_SECONDS = 120;
/** A quarter of the token's 120 s before it expires. */
const RENEWS_AFTER_MS = 90_000;
const SESSION_COOKIE = 'sp_session';

let provider: DemoProvider;

function startProvider() {
  return startDemoProvider({
    accessTokenSeconds: ACCESS_TOKEN_SECONDS,
    signInRedirectUris: [`${ORIGIN}${OIDC_CALLBACK_PATH}`],
    postLogoutRedirectUris: [`${ORIGIN}${OIDC_SIGNED_OUT_PATH}`],
  });
}

beforeAll(async () => {
  provider = await startProvider();
});

afterAll(() => provider.close());

function setup(identity = provider) {
  const signInClient = identity.clients.signIn;
  if (signInClient === null) throw new Error('The sign-in client was not registered.');
  let now = Date.now();
  const logged: string[] = [];
  const log = (message: string, fields?: object) => logged.push(JSON.stringify([message, fields]));
  const sentUpstream: string[] = [];
  const app = createApp({
    access: {
      mode: 'oidc',
      sessions: createOidcSessions({
        issuer: new URL(identity.issuer),
        clientId: signInClient.clientId,
        clientSecret: signInClient.clientSecret,
        scope: signInClient.scope,
        secret: SECRET,
        secure: false,
        publicUrl: null,
        now: () => now,
        log,
      }),
    },
    upstream: stubUpstream({
      fetch: (_endpointName, _sids, _query, call) => {
        sentUpstream.push(call.token);
        return Promise.resolve(EMPTY_UPSTREAM_LIST);
      },
    }),
    log,
  });
  const browser = testBrowser({ [ORIGIN]: (request) => app.fetch(request) });
  const onProvider = (url: string) => url.startsWith(identity.issuer);

  /**
   * Opens the sign-in link, chooses Maya on the provider's page, and returns where the provider
   * sends the browser back to; `tamper` changes the request the browser takes to the provider, as
   * an attacker would.
   */
  async function callbackUrl({
    next = VIEW,
    tamper = () => undefined,
  }: { next?: string; tamper?: (authorization: URL) => void } = {}) {
    const started = await browser.visit(`${ORIGIN}${oidcSignInPath(next)}`);
    const authorization = new URL(started.location ?? '');
    tamper(authorization);
    let back = await browser.follow(authorization.href, onProvider);
    // Signed in at the provider already, the browser comes straight back.
    if (back.location === null) {
      expect(back.text).toContain('Demo accounts:');
      const chosen = await browser.submit(`${back.url}/login`, { account: 'demo-maya' });
      back = await browser.follow(chosen.location ?? '', onProvider);
    }
    expect(back.location).toMatch(new RegExp(`^${ORIGIN}${OIDC_CALLBACK_PATH}\\?`));
    return back.location ?? '';
  }

  /** What the session cookie holds, opened with the server's secret. */
  async function sealedTokens(cookie = browser.cookie(ORIGIN, SESSION_COOKIE) ?? '') {
    const opened = await createSeal(SECRET, 'sp-dashboard-oidc-session').open(cookie, now);
    if (!opened.ok) throw new Error('The session cookie did not open.');
    return opened.payload;
  }

  const isLive = issuerTokenVerifier(identity);

  return {
    app,
    browser,
    callbackUrl,
    signIn: async (options: Parameters<typeof callbackUrl>[0] = {}) =>
      browser.visit(await callbackUrl(options)),
    sealedTokens,
    logged,
    sentUpstream,
    isLive,
    advance: (ms: number) => {
      now += ms;
    },
    at: () => now,
    /** The list, as the browser asks for it, or with another copy of the session cookie. */
    list: (cookie = browser.cookie(ORIGIN, SESSION_COOKIE), headers: Record<string, string> = {}) =>
      app.request(LIST_PATH, {
        headers: { ...headers, cookie: `${SESSION_COOKIE}=${cookie ?? ''}` },
      }),
  };
}

/** The session cookie an answer sets. */
function cookieIn(response: Response): string | undefined {
  return /^sp_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
}

const renewals = () => provider.issued().refresh_token ?? 0;
const codeGrants = () => provider.issued().authorization_code ?? 0;

test('a staff member signs in at the identity provider and lands on the view they opened, named in the header', async () => {
  const { app, browser, signIn, sentUpstream, isLive, list, at } = setup();
  let asked = new URLSearchParams();

  const callback = await signIn({
    tamper: (authorization) => {
      asked = authorization.searchParams;
    },
  });

  // Code flow with PKCE, a state and a nonce, back to the callback registered for this origin.
  expect([...asked.keys()].sort()).toEqual([
    'client_id',
    'code_challenge',
    'code_challenge_method',
    'nonce',
    'redirect_uri',
    'response_type',
    'scope',
    'state',
  ]);
  expect(Object.fromEntries(asked)).toMatchObject({
    client_id: 'sp-dashboard',
    response_type: 'code',
    redirect_uri: `${ORIGIN}${OIDC_CALLBACK_PATH}`,
    code_challenge_method: 'S256',
  });
  for (const random of ['state', 'nonce', 'code_challenge']) {
    expect(asked.get(random)).toMatch(/^[\w-]{43}$/);
  }
  expect(callback.status).toBe(303);
  expect(callback.location).toBe(`${ORIGIN}${VIEW}`);
  const sessionCookie = callback.setCookies.find((line) => line.startsWith(`${SESSION_COOKIE}=`));
  expect(sessionCookie).toMatch(/; HttpOnly/);
  expect(sessionCookie).toMatch(/; SameSite=Lax/);
  expect(sessionCookie).toMatch(/; Path=\//);
  // The sign-in's own cookie is spent.
  expect(browser.cookie(ORIGIN, 'sp_sign_in')).toBeUndefined();
  expect((sessionCookie ?? '').split(';')[0]?.length).toBeLessThan(4000);

  expect((await list()).status).toBe(200);
  expect(sentUpstream).toHaveLength(1);
  expect(await isLive(sentUpstream[0] ?? '')).toBe('live');
  const info = serverInfoSchema.parse(
    await (
      await app.request(SERVER_INFO_PATH, {
        headers: { cookie: `${SESSION_COOKIE}=${browser.cookie(ORIGIN, SESSION_COOKIE) ?? ''}` },
      })
    ).json(),
  );
  expect(info.access).toEqual({
    mode: 'oidc',
    signedIn: true,
    name: 'Maya Okonkwo',
    // A staff member's shift.
    expiresAt: new Date((Math.floor(at() / 1000) + 12 * 60 * 60) * 1000).toISOString(),
    provider: new URL(provider.issuer).host,
  });
});

test('without a session the API answers 401 and the sign-in page is told the provider', async () => {
  const { app, sentUpstream } = setup();

  const response = await app.request(LIST_PATH);
  expect(response.status).toBe(401);
  expect(apiErrorBodySchema.parse(await response.json())).toMatchObject({
    code: 'sign_in_required',
    message: "Sign in with your institution's account to see sessions.",
  });
  expect(sentUpstream).toEqual([]);
  const info = serverInfoSchema.parse(await (await app.request(SERVER_INFO_PATH)).json());
  expect(info.access).toEqual({
    mode: 'oidc',
    signedIn: false,
    name: null,
    expiresAt: null,
    provider: new URL(provider.issuer).host,
  });
});

test('a return path that leaves the site falls back to the home page', async () => {
  const { signIn } = setup();
  expect((await signIn({ next: '//attacker.example/x' })).location).toBe(`${ORIGIN}/`);
});

test.each([
  ['state', (authorization: URL) => authorization.searchParams.set('state', 'forged-state')],
  ['nonce', (authorization: URL) => authorization.searchParams.set('nonce', 'forged-nonce')],
  [
    'PKCE code challenge',
    (authorization: URL) =>
      authorization.searchParams.set(
        'code_challenge',
        'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      ),
  ],
])(
  'a callback whose %s differs from the sign-in this browser started is refused with a plain reason',
  async (_what, tamper) => {
    const { browser, signIn, list } = setup();
    const grantsBefore = codeGrants();

    const callback = await signIn({ tamper });

    expect(callback.status).toBe(303);
    expect(callback.location).toBe(
      `${ORIGIN}/sign-in?next=${encodeURIComponent(VIEW)}&problem=sign-in-failed`,
    );
    expect(browser.cookie(ORIGIN, SESSION_COOKIE)).toBeUndefined();
    expect((await list()).status).toBe(401);
    // Caught before the provider gave tokens (PKCE), or before they were kept (state, nonce).
    expect(codeGrants() - grantsBefore).toBeLessThanOrEqual(1);
  },
);

test('a tampered sign-in cookie, or a code brought to a browser that never started the sign-in, is refused', async () => {
  const { app, browser, signIn, callbackUrl } = setup();
  const tampered = await signIn({
    tamper: () => {
      const pending = browser.cookie(ORIGIN, 'sp_sign_in') ?? '';
      browser.setCookie(ORIGIN, 'sp_sign_in', `${pending.slice(0, -6)}AAAAAA`);
    },
  });
  expect(tampered.location).toBe(`${ORIGIN}/sign-in?problem=sign-in-failed`);
  expect(browser.cookie(ORIGIN, SESSION_COOKIE)).toBeUndefined();

  // Someone else's code, in a link sent to a staff member: their browser holds no sign-in.
  const victim = testBrowser({ [ORIGIN]: (request) => app.fetch(request) });
  const planted = await victim.visit(await callbackUrl());
  expect(planted.location).toBe(`${ORIGIN}/sign-in?problem=sign-in-failed`);
  expect(victim.cookie(ORIGIN, SESSION_COOKIE)).toBeUndefined();
});

test('when the provider cannot be reached, the sign-in page says so, naming it, and remembers the view', async () => {
  const identity = await startProvider();
  const { browser, logged } = setup(identity);
  await identity.close();

  const started = await browser.visit(`${ORIGIN}${oidcSignInPath(VIEW)}`);

  expect(started.location).toBe(
    `${ORIGIN}/sign-in?next=${encodeURIComponent(VIEW)}&problem=provider-unreachable`,
  );
  expect(browser.cookie(ORIGIN, 'sp_sign_in')).toBeUndefined();
  expect(logged.some((line) => line.includes('oidc_sign_in_refused'))).toBe(true);
});

test('shortly before the access token expires, a request renews it and re-seals the cookie', async () => {
  const { signIn, advance, list, sentUpstream, isLive } = setup();
  await signIn();
  const before = renewals();

  advance(RENEWS_AFTER_MS - 5_000);
  const early = await list();
  expect(early.headers.get('set-cookie')).toBeNull();
  expect(renewals()).toBe(before);

  advance(10_000);
  const due = await list();
  expect(due.status).toBe(200);
  expect(renewals()).toBe(before + 1);
  expect(due.headers.get('set-cookie')).toMatch(/^sp_session=[^;]+;.*HttpOnly/);
  const [first, renewed] = sentUpstream;
  expect(renewed).not.toBe(first);
  expect(await isLive(renewed ?? '')).toBe('live');

  // The renewed cookie carries on without renewing again.
  expect((await list(cookieIn(due))).status).toBe(200);
  expect(renewals()).toBe(before + 1);
  expect(sentUpstream[2]).toBe(renewed);
});

test('requests sent together renew once, and each answer, a 304 too, brings the renewed cookie', async () => {
  const { signIn, advance, list } = setup();
  await signIn();
  const etag = (await list()).headers.get('etag') ?? '';
  const before = renewals();

  advance(RENEWS_AFTER_MS + 1_000);
  const answers = await Promise.all([list(), list(), list(undefined, { 'if-none-match': etag })]);

  expect(answers.map((answer) => answer.status)).toEqual([200, 200, 304]);
  expect(renewals()).toBe(before + 1);
  for (const answer of answers) expect(cookieIn(answer)).toEqual(expect.any(String));
});

test('when the provider refuses to renew, the API answers 401 session_expired and the cookie goes', async () => {
  const { browser, signIn, advance, list } = setup();
  await signIn();
  const copied = browser.cookie(ORIGIN, SESSION_COOKIE);
  advance(RENEWS_AFTER_MS + 1_000);
  const renewed = cookieIn(await list());

  // Once the renewed token is due too, the copy's refresh token has been spent.
  advance(RENEWS_AFTER_MS + 1_000);
  const replayed = await list(copied);

  expect(replayed.status).toBe(401);
  expect(apiErrorBodySchema.parse(await replayed.json())).toMatchObject({
    code: 'session_expired',
    message: 'Your sign-in has ended. Sign in again to go on.',
  });
  expect(replayed.headers.get('set-cookie')).toMatch(/^sp_session=;.*Max-Age=0/);
  // A refresh token that comes back makes the provider end the grant: the renewed cookie is done.
  expect((await list(renewed)).status).toBe(401);
});

test('while the provider cannot be reached, the current access token serves until it expires', async () => {
  const identity = await startProvider();
  const { signIn, advance, list } = setup(identity);
  await signIn();
  await identity.close();

  advance(RENEWS_AFTER_MS + 1_000);
  const meanwhile = await list();
  expect(meanwhile.status).toBe(200);
  expect(meanwhile.headers.get('set-cookie')).toBeNull();

  advance(ACCESS_TOKEN_SECONDS * 1000);
  const expired = await list();
  expect(expired.status).toBe(401);
  expect(apiErrorBodySchema.parse(await expired.json()).code).toBe('session_expired');
});

test('sign out ends the session here and sends the browser to end it at the provider too', async () => {
  const { browser, signIn, list, sealedTokens } = setup();
  await signIn();
  const cookie = browser.cookie(ORIGIN, SESSION_COOKIE);
  const { it: idToken } = await sealedTokens();

  const signedOut = await browser.submit(`${ORIGIN}${SIGN_OUT_ACTION}`, {});

  expect(signedOut.status).toBe(303);
  const endSession = new URL(signedOut.location ?? '');
  expect(`${endSession.origin}${endSession.pathname}`).toBe(`${provider.issuer}/session/end`);
  expect(Object.fromEntries(endSession.searchParams)).toEqual({
    client_id: 'sp-dashboard',
    id_token_hint: idToken,
    post_logout_redirect_uri: `${ORIGIN}${OIDC_SIGNED_OUT_PATH}`,
  });
  expect(browser.cookie(ORIGIN, SESSION_COOKIE)).toBeUndefined();
  // The cookie copied before signing out is worth nothing after it.
  const replayed = await list(cookie);
  expect(replayed.status).toBe(401);
  expect(apiErrorBodySchema.parse(await replayed.json()).code).toBe('sign_in_required');

  // The provider asks, then sends the browser back to the sign-in page, which says so.
  const confirm = await browser.follow(endSession.href, (to) => to.startsWith(provider.issuer));
  const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)?.[1] ?? '';
  const action = /action="([^"]+)"/.exec(confirm.text)?.[1] ?? '';
  const back = await browser.follow(
    (await browser.submit(new URL(action, provider.issuer).href, { xsrf, logout: 'yes' }))
      .location ?? '',
    (to) => !to.includes('/sign-in'),
  );
  expect(back.location).toBe(`${ORIGIN}/sign-in?problem=signed-out`);
});

test('a sign-out posted from another site is refused, and the page lets sign-out reach the provider', async () => {
  const { app, browser, signIn } = setup();
  await signIn();

  const forged = await browser.submit(
    `${ORIGIN}${SIGN_OUT_ACTION}`,
    {},
    'https://attacker.example',
  );

  expect(forged.status).toBe(403);
  expect(browser.cookie(ORIGIN, SESSION_COOKIE)).toEqual(expect.any(String));
  const policy = (await app.request('/healthz')).headers.get('content-security-policy') ?? '';
  expect(policy).toContain(`form-action 'self' ${new URL(provider.issuer).origin}`);
});

test('the tokens stay in the sealed cookie: no answer and no log line holds one', async () => {
  const { app, browser, signIn, advance, list, logged, sealedTokens } = setup();
  const answers: string[] = [];
  const keep = async (response: Response) => {
    answers.push(JSON.stringify([...response.headers]), await response.clone().text());
    return response;
  };
  const callback = await signIn();
  answers.push(callback.text, ...callback.setCookies);
  const first = await sealedTokens();
  await keep(await list());
  advance(RENEWS_AFTER_MS + 1_000);
  await keep(await list());
  await keep(
    await app.request(SERVER_INFO_PATH, {
      headers: { cookie: `${SESSION_COOKIE}=${browser.cookie(ORIGIN, SESSION_COOKIE) ?? ''}` },
    }),
  );

  const signInClient = provider.clients.signIn;
  const secrets = [first.at, first.rt, first.it, signInClient?.clientSecret].map(String);
  expect(secrets.every((value) => value.length > 20)).toBe(true);
  for (const secret of secrets) {
    for (const text of [...answers, ...logged]) expect(text).not.toContain(secret);
  }
});
