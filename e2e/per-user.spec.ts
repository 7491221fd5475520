/**
 * Per-user sign-in (SP_AUTH=user), against a second built server in demo mode whose demo
 * upstream accepts made-up, expiring demo tokens.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { signInPath } from '#src/api/contract/sign-in.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { createDemoUserToken } from '#server/demo-upstream/user-tokens.ts';
import { USER_SERVER_LOG } from './servers.ts';
import { expect, found, test } from './sessions-page.ts';

const VIEW = 'status=closed&page=2';

test('a staff member signs in with their own token, sees the view they opened, and signs out', async ({
  page,
  context,
  sessionsPage,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 401\b/);
  const token = createDemoUserToken('Riley Staff', 3600);
  const seen: string[] = [];
  page.on('response', (response) => {
    void response
      .text()
      .then((body) => seen.push(`${JSON.stringify(response.headers())}\n${body}`))
      .catch(() => undefined);
  });

  await sessionsPage.goto(DEMO_SIDS.busy, VIEW);

  // Not signed in: the server sends the browser to sign in, remembering the view.
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Your SmarterProctoring API token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(page).toHaveURL((url) => url.search === `?${VIEW}`);
  await sessionsPage.expectSettled();
  await expect(page.getByText(/^Signed in · token expires /)).toBeVisible();

  // The cookie holds the token sealed, out of reach of page scripts.
  const cookie = found(
    (await context.cookies()).find((item) => item.name === 'sp_session'),
    'the session cookie',
  );
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
  expect(cookie.value).not.toContain(token);
  expect(await page.evaluate(() => document.cookie)).not.toContain('sp_session');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You have signed out' })).toBeVisible();
  const api = await page.request.get(
    sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY),
  );
  expect(api.status()).toBe(401);

  // The token never came back in any response, and the server never logged it.
  for (const response of seen) expect(response).not.toContain(token);
  expect(readFileSync(USER_SERVER_LOG, 'utf8')).not.toContain(token);
});

test('without a session the API answers 401 and asks nothing upstream', async ({ request }) => {
  const response = await request.get(
    sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY),
  );
  expect(response.status()).toBe(401);
  expect(await response.json()).toMatchObject({ code: 'sign_in_required', status: 401 });
});

test('an expired token sends the user to sign in, and signing in again returns to the same view', async ({
  page,
  sessionsPage,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 401\b/);
  const lifetimeSeconds = 5;
  await page.goto(signInPath(sessionsPath(DEMO_SIDS.busy)));
  await page
    .getByLabel('Your SmarterProctoring API token')
    .fill(createDemoUserToken('Short Lived', lifetimeSeconds));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await sessionsPage.expectSettled();

  // Wait until the server sees the token as expired (it reads the same clock as this test).
  await expect
    .poll(
      async () =>
        (
          await page.request.get(sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY))
        ).status(),
      { timeout: (lifetimeSeconds + 5) * 1000 },
    )
    .toBe(401);
  // A view not fetched before (Next would come from the prefetched page).
  await sessionsPage.toggleStatus('Closed');

  await expect(page).toHaveURL(/\/sign-in\?next=.*problem=expired/);
  await expect(page.getByRole('alert')).toContainText('Your token has expired');
  await page
    .getByLabel('Your SmarterProctoring API token')
    .fill(createDemoUserToken('Riley Staff', 3600));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();

  await expect(page).toHaveURL((url) => url.searchParams.get('status') === 'closed');
  await sessionsPage.expectSettled();
});

test('an expired token is refused at sign-in with a plain reason', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Your SmarterProctoring API token').fill(createDemoUserToken('Late', -60));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Your token has expired');
});
