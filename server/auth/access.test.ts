import { expect, test } from 'vitest';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import { serverInfoSchema, SERVER_INFO_PATH } from '#src/api/contract/server-info.ts';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { createApp } from '#server/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { createDemoUserToken } from '#server/demo-upstream/user-tokens.ts';
import { EMPTY_UPSTREAM_LIST, stubUpstream } from '#server/testing/stub-upstream.ts';
import { createUserSessions } from '#server/auth/user-sessions.ts';

const ORIGIN = 'http://localhost';
const LIST_PATH = sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';

function setup({ secure = false, secret = SECRET, demo = false } = {}) {
  let now = Date.UTC(2026, 10, 27, 12);
  const tokensSentUpstream: string[] = [];
  const app = createApp({
    access: {
      mode: 'user',
      sessions: createUserSessions({ secret, secure, now: () => now }),
    },
    upstream: stubUpstream({
      fetch: (_endpointName, _sids, _query, call) => {
        tokensSentUpstream.push(call.token);
        return Promise.resolve(EMPTY_UPSTREAM_LIST);
      },
    }),
    ...(demo ? { demoLinks: [], demoToken: () => 'offered-demo-token' } : {}),
    log: () => undefined,
  });

  /** Posts the sign-in form as a browser on this site would; returns the session cookie. */
  async function signIn(token: string, next = '/') {
    const response = await app.request(`${ORIGIN}/auth/sign-in`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, next }),
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    return { response, setCookie, cookie: setCookie.split(';')[0] ?? '' };
  }

  return {
    app,
    signIn,
    tokensSentUpstream,
    advance: (ms: number) => {
      now += ms;
    },
    at: () => now,
  };
}

test('without a session the API answers 401 and nothing goes upstream', async () => {
  const { app, tokensSentUpstream } = setup();
  const response = await app.request(LIST_PATH);
  expect(response.status).toBe(401);
  expect(apiErrorBodySchema.parse(await response.json()).code).toBe('sign_in_required');
  expect(tokensSentUpstream).toEqual([]);
});

test('signing in seals the token in an httpOnly SameSite=Strict cookie and returns to the view', async () => {
  const { app, signIn, tokensSentUpstream } = setup();
  const { response, setCookie, cookie } = await signIn('staff-token-123', '/installs/x?page=2');

  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/installs/x?page=2');
  expect(setCookie).toMatch(/^sp_session=/);
  expect(setCookie).toContain('HttpOnly');
  expect(setCookie).toContain('SameSite=Strict');
  expect(setCookie).toContain('Path=/');
  expect(setCookie).not.toContain('staff-token-123');

  const list = await app.request(LIST_PATH, { headers: { cookie } });
  expect(list.status).toBe(200);
  expect(tokensSentUpstream).toEqual(['staff-token-123']);
  const info = serverInfoSchema.parse(
    await (await app.request(SERVER_INFO_PATH, { headers: { cookie } })).json(),
  );
  expect(info.access).toEqual({ mode: 'user', signedIn: true, expiresAt: null });
});

test('behind TLS the cookie is Secure and host-only (__Host- prefix)', async () => {
  const { signIn } = setup({ secure: true });
  const { setCookie } = await signIn('staff-token-123');
  expect(setCookie).toMatch(/^__Host-sp_session=/);
  expect(setCookie).toContain('Secure');
});

test('a return path that leaves the site falls back to the home page', async () => {
  const { signIn } = setup();
  for (const next of ['//attacker.example/x', 'https://attacker.example', '/\\attacker.example']) {
    expect((await signIn('staff-token-123', next)).response.headers.get('location')).toBe('/');
  }
});

test('empty, malformed and expired tokens are refused with the reason, and set no cookie', async () => {
  const { signIn, at } = setup();
  const cases: Array<[string, string]> = [
    ['   ', 'empty'],
    ['two words', 'invalid'],
    ['x'.repeat(5000), 'invalid'],
    [createDemoUserToken('Riley', -60, at()), 'expired'],
  ];
  for (const [token, problem] of cases) {
    const { response, setCookie } = await signIn(token, '/somewhere');
    expect(response.headers.get('location')).toBe(`/sign-in?next=%2Fsomewhere&problem=${problem}`);
    expect(setCookie).toBe('');
  }
});

test('once the token expires, the API answers 401 session_expired and the page knows the expiry', async () => {
  const { app, signIn, advance, tokensSentUpstream } = setup();
  // The session clock is the test's; the token's own expiry is read from its `exp`.
  const expiresAt = Date.UTC(2026, 10, 27, 13);
  const token = createDemoUserToken(
    'Riley',
    Math.round((expiresAt - Date.UTC(2026, 10, 27, 12)) / 1000),
    Date.UTC(2026, 10, 27, 12),
  );
  const { cookie } = await signIn(token);
  const info = serverInfoSchema.parse(
    await (await app.request(SERVER_INFO_PATH, { headers: { cookie } })).json(),
  );
  expect(info.access).toEqual({
    mode: 'user',
    signedIn: true,
    expiresAt: new Date(expiresAt).toISOString(),
  });
  // The browser drops the cookie shortly after the token expires (long enough to say why), not 12 hours later.
  const { setCookie } = await signIn(token);
  expect(setCookie).toMatch(/Max-Age=4500;/);

  advance(60 * 60 * 1000 + 1000);
  const response = await app.request(LIST_PATH, { headers: { cookie } });
  expect(response.status).toBe(401);
  expect(apiErrorBodySchema.parse(await response.json()).code).toBe('session_expired');
  expect(tokensSentUpstream).toEqual([]);
});

test('a tampered cookie, or one sealed with another secret, is no session', async () => {
  const { app, signIn } = setup();
  const { cookie } = await signIn('staff-token-123');
  const tampered = `${cookie.slice(0, -4)}AAAA`;
  expect((await app.request(LIST_PATH, { headers: { cookie: tampered } })).status).toBe(401);

  const other = setup({ secret: 'another-secret-that-is-long-enough-9876543210' });
  expect((await other.app.request(LIST_PATH, { headers: { cookie } })).status).toBe(401);
});

test('a sign-in form posted from another site is refused (CSRF)', async () => {
  const { app } = setup();
  const response = await app.request(`${ORIGIN}/auth/sign-in`, {
    method: 'POST',
    headers: {
      origin: 'https://attacker.example',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token: 'attacker-token' }),
  });
  expect(response.status).toBe(403);
  expect(response.headers.get('set-cookie')).toBeNull();
});

test('Sign out clears the cookie and says so on the sign-in page', async () => {
  const { app } = setup();
  const response = await app.request(`${ORIGIN}/auth/sign-out`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/sign-in?problem=signed-out');
  expect(response.headers.get('set-cookie')).toMatch(/^sp_session=;.*Max-Age=0/);
});

test('a cookie replayed after sign-out is refused: signing out ends the session, not just the cookie', async () => {
  const { app, signIn, tokensSentUpstream } = setup();
  const { cookie } = await signIn('staff-token-123');
  const other = await signIn('staff-token-456');
  expect((await app.request(LIST_PATH, { headers: { cookie } })).status).toBe(200);

  await app.request(`${ORIGIN}/auth/sign-out`, {
    method: 'POST',
    headers: { origin: ORIGIN, cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  const replayed = await app.request(LIST_PATH, { headers: { cookie } });

  expect(replayed.status).toBe(401);
  expect(apiErrorBodySchema.parse(await replayed.json()).code).toBe('sign_in_required');
  expect(tokensSentUpstream).toEqual(['staff-token-123']);
  // Another session of the same browser's staff is not touched.
  expect((await app.request(LIST_PATH, { headers: { cookie: other.cookie } })).status).toBe(200);
});

test('the demo offers a token on the sign-in page only to someone not signed in', async () => {
  const { app, signIn } = setup({ demo: true });
  const before = serverInfoSchema.parse(await (await app.request(SERVER_INFO_PATH)).json());
  expect(before.mode === 'demo' ? before.demoToken : null).toBe('offered-demo-token');

  const { cookie } = await signIn('staff-token-123');
  const after = serverInfoSchema.parse(
    await (await app.request(SERVER_INFO_PATH, { headers: { cookie } })).json(),
  );
  expect(after.mode === 'demo' ? after.demoToken : null).toBeUndefined();
});
