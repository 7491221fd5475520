/**
 * Sign-in with the institution's account (SP_AUTH=oidc), against a third built server in demo mode
 * that starts the embedded identity provider: Chromium goes through the provider's own pages.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { SIGN_OUT_ACTION } from '#src/api/contract/sign-in.ts';
import { createSeal } from '#server/auth/seal.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { OIDC_SERVER } from './servers.ts';
import { expect, found, test } from './sessions-page.ts';

const VIEW = 'status=closed&page=2';
const LIST_PATH = sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);

test('a staff member signs in at the identity provider, sees the view they opened with their name, and signs out', async ({
  page,
  context,
  request,
  baseURL,
  sessionsPage,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 401\b/);
  const ours = new URL(found(baseURL, 'the base URL')).origin;
  const reading: Array<Promise<Answer>> = [];
  page.on('response', (response) => {
    if (new URL(response.url()).origin !== ours) return;
    const headers = response.headers();
    reading.push(
      response
        .text()
        // A redirect has no body to read.
        .catch(() => '')
        .then((body) => ({ url: response.url(), headers, body })),
    );
  });

  await sessionsPage.goto(DEMO_SIDS.busy, VIEW);

  // Not signed in: the server sends the browser to sign in, remembering the view.
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByRole('complementary', { name: 'Demo accounts' })).toBeVisible();
  await expect(page.getByLabel('Your SmarterProctoring API token')).toHaveCount(0);
  await page.getByRole('link', { name: /^Sign in with 127\.0\.0\.1:\d+$/ }).click();

  // The identity provider's own page, on its own origin.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to the demo' })).toBeVisible();
  expect(new URL(page.url()).origin).not.toBe(ours);
  await page.getByRole('button', { name: 'Maya Okonkwo' }).click();

  await expect(page).toHaveURL((url) => url.origin === ours && url.search === `?${VIEW}`);
  await sessionsPage.expectSettled();
  await expect(
    page.getByRole('banner').getByText(/^Signed in as Maya Okonkwo · session ends /),
  ).toBeVisible();

  // The cookie holds the tokens sealed, out of reach of page scripts.
  const cookie = found(
    (await context.cookies(ours)).find((item) => item.name === 'sp_session'),
    'the session cookie',
  );
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('sp_session');
  const secrets = {
    ...(await sealedTokens(cookie.value)),
    'client secret': OIDC_SERVER.clientSecret,
  };

  // Sign out here, then at the provider, which asks first and sends the browser back.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign out of the demo' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(
    page.getByText('You have signed out: this browser no longer holds your sign-in.'),
  ).toBeVisible();
  await expect(page.getByRole('link', { name: /^Sign in with / })).toBeVisible();

  // The cookie copied before signing out is worth nothing after it.
  const replayed = await request.get(LIST_PATH, {
    headers: { cookie: `sp_session=${cookie.value}` },
  });
  expect(replayed.status()).toBe(401);
  expect(await replayed.json()).toMatchObject({ code: 'sign_in_required', status: 401 });

  // The sign-out's redirect hands the ID token to the provider's end-session page, as its hint.
  const answers = await Promise.all(reading);
  const signOut = found(
    answers.find(({ url }) => new URL(url).pathname === SIGN_OUT_ACTION),
    'the sign-out answer',
  );
  const endSession = new URL(signOut.headers.location ?? '');
  expect(endSession.pathname).toBe('/session/end');
  expect(endSession.searchParams.get('id_token_hint')).toBe(secrets['ID token']);

  // No other answer, page, script or log line holds a token or the client secret.
  expect(answers.some(({ url }) => url.endsWith('.js'))).toBe(true);
  const log = readFileSync(OIDC_SERVER.log, 'utf8');
  for (const [what, value] of Object.entries(secrets)) {
    for (const answer of answers)
      expect(shown(answer), `${what} in ${answer.url}`).not.toContain(value);
    expect(log, `${what} in the server log`).not.toContain(value);
  }
});

test('without a session the API answers 401, saying how to sign in', async ({ request }) => {
  const response = await request.get(LIST_PATH);
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject({
    code: 'sign_in_required',
    message: "Sign in with your institution's account to see sessions.",
  });
});

interface Answer {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The tokens in a session cookie, opened with the server's secret. */
async function sealedTokens(cookie: string) {
  const opened = await createSeal(OIDC_SERVER.sessionSecret, 'sp-dashboard-oidc-session').open(
    cookie,
    Date.now(),
  );
  const token = (value: unknown) => {
    if (typeof value !== 'string' || value.length < 20) {
      throw new Error('The session cookie does not hold the tokens it should.');
    }
    return value;
  };
  if (!opened.ok) throw new Error('The session cookie did not open with the server secret.');
  const { at, rt, it } = opened.payload;
  return { 'access token': token(at), 'refresh token': token(rt), 'ID token': token(it) };
}

/** What an answer shows the browser, less the sign-out's redirect to the provider. */
function shown({ url, headers, body }: Answer): string {
  const { location, ...rest } = headers;
  const toProvider = new URL(url).pathname === SIGN_OUT_ACTION;
  return JSON.stringify([body, rest, toProvider ? null : location]);
}
