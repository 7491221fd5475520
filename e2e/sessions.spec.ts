import type { APIRequestContext, Page, Response } from '@playwright/test';
import { buildPath } from '#src/api/contract/routes.ts';
import {
  DEFAULT_LIST_QUERY,
  sessionListEndpoint,
  toSessionListSearchParams,
  type SessionListQuery,
  type SessionListResponse,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES, IN_PROGRESS_STATUS } from '#src/api/contract/session-status.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import { STATUS_SLUGS } from '#src/lib/list-search.ts';
import {
  DEMO_FAULT_NAMES,
  DEMO_FAULTS,
  DEMO_SIDS,
  faultSids,
  type DemoFaultName,
} from '#server/demo-upstream/data.ts';
import { expect, found, test } from './sessions-page.ts';

const BUSY = sessionsPath(DEMO_SIDS.busy);

/** Asks our API directly (outside the page), e.g. to learn totals the page should show. */
async function fetchList(
  request: APIRequestContext,
  sids: SessionListSids,
  query: Partial<SessionListQuery> = {},
): Promise<SessionListResponse> {
  const search = toSessionListSearchParams({ ...DEFAULT_LIST_QUERY, limit: 100, ...query });
  const response = await request.get(`${buildPath(sessionListEndpoint.apiRoute, sids)}?${search}`);
  expect(response.ok()).toBe(true);
  return (await response.json()) as SessionListResponse;
}

test('a deep link loads exactly the view it names', async ({ page, request, sessionsPage }) => {
  // The page is rendered with its rows on the server; the list the API gives for the same view
  // must be what it shows.
  const body = await fetchList(request, DEMO_SIDS.busy, {
    offset: 10,
    limit: 10,
    sortOrder: 'ASC',
    statuses: ['Pending Approval', 'Incident'],
  });
  await sessionsPage.goto(
    DEMO_SIDS.busy,
    'status=incident&status=pending-approval&sort=createdDate.asc&page=2&limit=10',
  );

  // The same view, in its canonical form (statuses in the API's order).
  await expect(page).toHaveURL(
    `${BUSY}?status=pending-approval&status=incident&sort=createdDate.asc&page=2&limit=10`,
  );
  await expect(sessionsPage.statusFilter('Incident')).toBeChecked();
  await expect(sessionsPage.statusFilter('Pending Approval')).toBeChecked();
  await expect(sessionsPage.statusFilter('Closed')).not.toBeChecked();
  await expect(sessionsPage.createdHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(sessionsPage.range).toHaveText(`11–${Math.min(20, body.total)} of ${body.total}`);

  const rows = await sessionsPage.rowData();
  expect(rows.map((row) => row.sid)).toEqual(body.results.map((row) => row.sid));
  for (const row of rows) expect(['Incident', 'Pending Approval']).toContain(row.status);

  await page.reload();
  await expect(sessionsPage.range).toHaveText(`11–${Math.min(20, body.total)} of ${body.total}`);
  expect(await sessionsPage.rowData()).toEqual(rows);
});

test('changing a filter or the page size returns to page 1', async ({ page, sessionsPage }) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'page=3');
  await expect(sessionsPage.range).toHaveText(/^51–75 of /);

  await sessionsPage.toggleStatus('Closed');
  await expect(page).toHaveURL(`${BUSY}?status=closed`);
  await expect(sessionsPage.statusFilter('Closed')).toBeChecked();
  await expect(sessionsPage.range).toHaveText(/^1–25 of /);
  for (const row of await sessionsPage.rowData()) expect(row.status).toBe('Closed');

  await sessionsPage.next.click();
  await expect(page).toHaveURL(`${BUSY}?status=closed&page=2`);
  await sessionsPage.rowsPerPage.selectOption('10');
  await expect(page).toHaveURL(`${BUSY}?status=closed&limit=10`);
  await expect(sessionsPage.range).toHaveText(/^1–10 of /);
  await expect(sessionsPage.rows()).toHaveCount(10);
});

test('the Created header toggles the sort order', async ({ page, sessionsPage }) => {
  // From page 2: a new order starts again at page 1.
  await sessionsPage.goto(DEMO_SIDS.busy, 'page=2');
  await expect(sessionsPage.createdHeader).toHaveAttribute('aria-sort', 'descending');
  const sortButton = sessionsPage.createdHeader.getByRole('button');

  await sortButton.click();
  await expect(page).toHaveURL(`${BUSY}?sort=createdDate.asc`);
  await expect(sessionsPage.createdHeader).toHaveAttribute('aria-sort', 'ascending');
  const ascending = await sessionsPage.rowData();
  expect(Date.parse(ascending.at(0)?.created ?? '')).toBeLessThan(
    Date.parse(ascending.at(-1)?.created ?? ''),
  );

  await sortButton.click();
  await expect(page).toHaveURL(BUSY);
  await expect(sessionsPage.createdHeader).toHaveAttribute('aria-sort', 'descending');
  const descending = await sessionsPage.rowData();
  expect(Date.parse(descending.at(0)?.created ?? '')).toBeGreaterThan(
    Date.parse(descending.at(-1)?.created ?? ''),
  );
});

test('First, Previous, Next and Last move through the pages', async ({
  page,
  request,
  sessionsPage,
}) => {
  const { total } = await fetchList(request, DEMO_SIDS.busy);
  await sessionsPage.goto(DEMO_SIDS.busy);
  const lastPage = Math.ceil(total / 25);
  expect(lastPage).toBeGreaterThan(2);

  await expect(sessionsPage.range).toHaveText(`1–25 of ${total}`);
  await expect(sessionsPage.first).toBeDisabled();
  await expect(sessionsPage.previous).toBeDisabled();
  await expect(sessionsPage.next).toBeEnabled();
  await expect(sessionsPage.last).toBeEnabled();

  await sessionsPage.next.click();
  await expect(page).toHaveURL(`${BUSY}?page=2`);
  await expect(sessionsPage.range).toHaveText(`26–50 of ${total}`);
  await expect(sessionsPage.first).toBeEnabled();
  await expect(sessionsPage.previous).toBeEnabled();

  await sessionsPage.last.click();
  await expect(page).toHaveURL(`${BUSY}?page=${lastPage}`);
  await expect(sessionsPage.range).toHaveText(`${(lastPage - 1) * 25 + 1}–${total} of ${total}`);
  await expect(sessionsPage.next).toBeDisabled();
  await expect(sessionsPage.last).toBeDisabled();
  await expect(sessionsPage.rows()).toHaveCount(total - (lastPage - 1) * 25);

  await sessionsPage.previous.click();
  await expect(page).toHaveURL(`${BUSY}?page=${lastPage - 1}`);
  await expect(sessionsPage.range).toHaveText(
    `${(lastPage - 2) * 25 + 1}–${(lastPage - 1) * 25} of ${total}`,
  );

  await sessionsPage.first.click();
  await expect(page).toHaveURL(BUSY);
  await expect(sessionsPage.range).toHaveText(`1–25 of ${total}`);
  await expect(sessionsPage.first).toBeDisabled();
  await expect(sessionsPage.previous).toBeDisabled();
});

test('Back and Forward restore each view exactly', async ({ page, sessionsPage }) => {
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();

  await sessionsPage.toggleStatus('Closed');
  await expect(page).toHaveURL(`${BUSY}?status=closed`);
  // The URL changes first; the page renders the new view in a transition just after. The ticked
  // chip belongs to that render, so the rows read next are the new view's (or its placeholder's).
  await expect(sessionsPage.statusFilter('Closed')).toBeChecked();
  await expect(sessionsPage.range).toHaveText(/^1–25 of /);
  const closedPage1 = await sessionsPage.rowData();

  await sessionsPage.next.click();
  await expect(page).toHaveURL(`${BUSY}?status=closed&page=2`);
  await expect(sessionsPage.range).toHaveText(/^26–/);
  const closedPage2 = await sessionsPage.rowData();
  expect(closedPage2).not.toEqual(closedPage1);

  await page.goBack();
  await expect(page).toHaveURL(`${BUSY}?status=closed`);
  await expect(sessionsPage.range).toHaveText(/^1–25 of /);
  await expect(sessionsPage.statusFilter('Closed')).toBeChecked();
  expect(await sessionsPage.rowData()).toEqual(closedPage1);

  await page.goBack();
  await expect(page).toHaveURL(BUSY);
  await expect(sessionsPage.statusFilter('Closed')).not.toBeChecked();

  await page.goForward();
  await expect(page).toHaveURL(`${BUSY}?status=closed`);
  await page.goForward();
  await expect(page).toHaveURL(`${BUSY}?status=closed&page=2`);
  await expect(sessionsPage.range).toHaveText(/^26–/);
  await expect(sessionsPage.statusFilter('Closed')).toBeChecked();
  expect(await sessionsPage.rowData()).toEqual(closedPage2);
});

test('a link with invalid parts is repaired and the notice names them', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'limit=33&status=bogus&page=2&foo=1');

  await expect(page).toHaveURL(`${BUSY}?page=2`);
  await expect(sessionsPage.notice).toContainText('not valid');
  await expect(sessionsPage.notice).toContainText('foo');
  await expect(sessionsPage.notice).toContainText('bogus');
  await expect(sessionsPage.notice).toContainText('33');
  await expect(sessionsPage.range).toHaveText(/^26–50 of /);

  await sessionsPage.notice.getByRole('button', { name: 'Dismiss notice' }).click();
  await expect(sessionsPage.notice).toHaveCount(0);
  await expect(page).toHaveURL(`${BUSY}?page=2`);
});

test('a page past the end moves to the last page with a notice', async ({
  page,
  request,
  sessionsPage,
}) => {
  const { total } = await fetchList(request, DEMO_SIDS.busy);
  await sessionsPage.goto(DEMO_SIDS.busy, 'page=999');
  const lastPage = Math.ceil(total / 25);

  await expect(page).toHaveURL(`${BUSY}?page=${lastPage}`);
  await expect(sessionsPage.notice).toContainText('999');
  await expect(sessionsPage.notice).toContainText(`showing page ${lastPage}`);
  await expect(sessionsPage.range).toHaveText(`${(lastPage - 1) * 25 + 1}–${total} of ${total}`);
  await expect(sessionsPage.rows()).toHaveCount(total - (lastPage - 1) * 25);
});

test('a link with invalid parts and a page past the end names both repairs', async ({
  page,
  request,
  sessionsPage,
}) => {
  const { total } = await fetchList(request, DEMO_SIDS.busy);
  await sessionsPage.goto(DEMO_SIDS.busy, 'status=bogus&page=999');
  const lastPage = Math.ceil(total / 25);

  await expect(page).toHaveURL(`${BUSY}?page=${lastPage}`);
  await expect(sessionsPage.notice).toContainText('bogus');
  await expect(sessionsPage.notice).toContainText('999');
});

test('an exam with no sessions says so', async ({ page, sessionsPage }) => {
  await sessionsPage.goto(DEMO_SIDS.empty);
  await expect(page.getByRole('status', { name: 'No exam sessions yet' })).toBeVisible();
  await expect(sessionsPage.table).toHaveCount(0);
});

test('including in-progress sessions on an exam with none still says there are none', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.empty);
  const empty = page.getByRole('status', { name: 'No exam sessions yet' });
  await empty.getByRole('button', { name: 'Include in-progress sessions' }).click();

  await expect(page).toHaveURL(`${sessionsPath(DEMO_SIDS.empty)}?includeActive=true`);
  await expect(sessionsPage.includeActive).toHaveAttribute('aria-checked', 'true');
  // Nothing is filtered out, so there is no filter to clear: a "Clear filters" button would do nothing.
  await expect(empty).toBeVisible();
  await expect(page.getByRole('button', { name: 'Clear filters' })).toHaveCount(0);
});

test('a filter that matches nothing says so, and Clear filters brings the rows back', async ({
  page,
  request,
  sessionsPage,
}) => {
  const all = await fetchList(request, DEMO_SIDS.handful);
  const present = new Set(all.results.map((row) => row.status));
  const absent = found(
    FILTERABLE_STATUSES.find((status) => !present.has(status)),
    'a status the handful triple does not have',
  );
  const handful = sessionsPath(DEMO_SIDS.handful);

  await sessionsPage.goto(DEMO_SIDS.handful, `status=${STATUS_SLUGS[absent]}`);
  const empty = page.getByRole('status', { name: 'No sessions match this view' });
  await expect(empty).toContainText(absent);
  // It points to where this learner's sessions are: a link for each status they have.
  const statuses = page.getByRole('navigation', { name: 'Statuses with sessions' });
  const filterable = FILTERABLE_STATUSES.filter((status) => present.has(status));
  await expect(statuses.getByRole('link')).toHaveCount(filterable.length);

  await empty.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page).toHaveURL(handful);
  await expect(empty).toHaveCount(0);
  await sessionsPage.expectSettled();
  await expect(sessionsPage.rows()).toHaveCount(all.total);
});

test('including in-progress sessions shows the one in progress', async ({ page, sessionsPage }) => {
  // Among Incident sessions the in-progress one, when included, is on the same single page.
  await sessionsPage.goto(DEMO_SIDS.busy, 'status=incident');
  await expect(sessionsPage.includeActive).toHaveAttribute('aria-checked', 'false');
  const withoutActive = await sessionsPage.rowData();
  expect(withoutActive.map((row) => row.status)).not.toContain(IN_PROGRESS_STATUS);

  await sessionsPage.includeActive.click();
  await expect(page).toHaveURL(`${BUSY}?status=incident&includeActive=true`);
  await expect(sessionsPage.includeActive).toHaveAttribute('aria-checked', 'true');
  await expect(sessionsPage.rows()).toHaveCount(withoutActive.length + 1);
  await expect(
    sessionsPage.rows().filter({ hasText: IN_PROGRESS_STATUS }).getByText(IN_PROGRESS_STATUS),
  ).toBeVisible();
  const request = sessionsPage.listRequests().at(-1);
  expect(new URL(request?.url() ?? '/', page.url()).searchParams.get('includeActive')).toBe('true');
});

/**
 * What each demo fault should look like: the title, the one sentence of what to do, the HTTP status
 * our API answers with, and what the details for the administrator say.
 */
interface FaultScreen {
  title: string;
  advice: string;
  status: number;
  retry: boolean;
  /** Failures that may pass by themselves: the page says it retries before the panel shows. */
  retried?: boolean;
  admin: RegExp;
  /** The setting the details name, for an administrator to check. */
  setting?: string;
  homeLink?: string;
}

const FAULT_SCREENS: Record<Exclude<DemoFaultName, 'rateLimited'>, FaultScreen> = {
  tokenRefused: {
    title: 'SmarterProctoring refused the dashboard’s API token',
    advice: 'Ask your administrator to renew the token, then try again.',
    status: 502,
    retry: true,
    admin: /Ask an administrator to check SP_API_TOKEN\./,
    setting: 'SP_API_TOKEN',
  },
  upstreamError: {
    title: 'SmarterProctoring had a problem',
    advice: 'It is usually brief: try again in a minute.',
    status: 502,
    retry: true,
    retried: true,
    admin: /answered with HTTP 500 instead of the session list/,
  },
  malformed: {
    title: 'SmarterProctoring sent data this dashboard cannot read',
    advice: 'Try again; if it keeps happening, tell your administrator.',
    status: 502,
    retry: true,
    admin: /in a shape this dashboard cannot read/,
  },
  // The server's timeout is SP_API_TIMEOUT_MS=1500 (playwright.config.ts).
  slow: {
    title: 'SmarterProctoring took too long to answer',
    advice: 'Try again; fewer rows per page can help.',
    status: 504,
    retry: true,
    admin: /within 1\.5 seconds/,
  },
  connectionReset: {
    title: 'SmarterProctoring cannot be reached',
    advice: 'Try again in a minute; if it keeps happening, tell your administrator.',
    status: 502,
    retry: true,
    retried: true,
    admin:
      /could not reach the SmarterProctoring API .* check the server's network and SP_API_URL\./,
    setting: 'SP_API_URL',
  },
  // Both are cut off at the server's byte cap, long before the timeout.
  hugeBody: {
    title: 'SmarterProctoring sent far more data than asked for',
    advice: 'Try fewer rows per page; if it keeps happening, tell your administrator.',
    status: 502,
    retry: true,
    admin: /unexpectedly large/,
  },
  endlessStream: {
    title: 'SmarterProctoring sent far more data than asked for',
    advice: 'Try fewer rows per page; if it keeps happening, tell your administrator.',
    status: 502,
    retry: true,
    admin: /unexpectedly large/,
  },
  slowTrickle: {
    title: 'SmarterProctoring took too long to answer',
    advice: 'Try again; fewer rows per page can help.',
    status: 504,
    retry: true,
    admin: /within 1\.5 seconds/,
  },
  // In demo mode a missing resource must not sound as if SmarterProctoring had been asked.
  notFound: {
    title: 'The demo has no data at these sids',
    advice: 'Only the sids in the demo links have data: open one of those instead.',
    status: 404,
    retry: false,
    admin: /The demo has no sessions for these sids; open one of the demo links\./,
    homeLink: 'Open the demo links',
  },
};

/** A setting's name, such as SP_API_TOKEN: for an administrator, never for staff at a glance. */
const SETTING_NAME = /\bSP_[A-Z_]+/;

/** What the page shows: a closed <details> hides its content, which innerText then leaves out. */
async function shownText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

/** The panel a fault ends on, and the administrator's details behind it. */
async function expectFaultPanel(page: Page, screen: FaultScreen) {
  const alert = page.getByRole('alert', { name: screen.title });
  await expect(alert.getByRole('heading', { name: screen.title })).toBeVisible();
  await expect(alert).toContainText(screen.advice);
  await expect(alert.getByRole('button', { name: 'Try again' })).toHaveCount(screen.retry ? 1 : 0);
  await expect(
    alert.getByRole('link', { name: screen.homeLink ?? 'Go to the home page' }),
  ).toHaveAttribute('href', '/');

  // The server's words, with any setting they name, wait behind the administrator's details.
  const adminText = page.getByText(screen.admin);
  expect(await shownText(page)).not.toMatch(SETTING_NAME);
  await expect(adminText).toBeHidden();
  await page.getByText('Details for your administrator').click();
  await expect(adminText).toBeVisible();
  const shown = await shownText(page);
  expect(shown).toMatch(/Request id\s+[0-9a-f-]{36}/);
  expect(SETTING_NAME.exec(shown)?.[0]).toBe(screen.setting);
}

for (const name of DEMO_FAULT_NAMES) {
  if (name === 'rateLimited') continue;
  const screen = FAULT_SCREENS[name];

  test(`fault "${DEMO_FAULTS[name].label}" shows "${screen.title}" in staff words`, async ({
    page,
    sessionsPage,
    consoleErrors,
  }) => {
    consoleErrors.allow(new RegExp(`status of ${screen.status}\\b.*/api/v1/`));
    await sessionsPage.goto(faultSids(name));

    // Failures that may pass by themselves (a dropped connection, an upstream 5xx) are retried
    // three times with backoff, about 7 s (up to 10.5 s with jitter) before the panel shows: shown,
    // and said by the list's live region.
    await expect(page.getByText(/^Retrying \([1-3] of 3\)…$/)).toHaveCount(screen.retried ? 2 : 0);
    await expect(page.getByRole('alert', { name: screen.title })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText(/Retrying/)).toHaveCount(0);
    await expect(sessionsPage.table).toHaveCount(0);
    await expectFaultPanel(page, screen);
  });
}

test('Try again asks the server again', async ({ page, sessionsPage, consoleErrors }) => {
  consoleErrors.allow(/status of 502\b.*\/api\/v1\//);
  await sessionsPage.goto(faultSids('upstreamError'));
  const alert = page.getByRole('alert', { name: FAULT_SCREENS.upstreamError.title });
  // After the client's three retries with backoff (about 7 s, up to 10.5 s with jitter).
  await expect(alert).toBeVisible({ timeout: 15_000 });
  const before = sessionsPage.apiRequests.length;

  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect.poll(() => sessionsPage.apiRequests.length).toBeGreaterThan(before);
  // The new attempt is retried with backoff like the first before the panel shows again.
  await expect(alert).toBeVisible({ timeout: 15_000 });
});

test('a malformed sid in the link is explained and nothing is requested', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto({ ...DEMO_SIDS.busy, examSid: 'EX123' });

  const alert = page.getByRole('alert', { name: 'This link has a malformed exam sid' });
  await expect(alert).toContainText('EX123');
  await expect(alert).toContainText('EX followed by 32 lowercase hexadecimal characters');
  await alert.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page.getByRole('heading', { name: 'Proctored exam sessions' })).toBeVisible();
  expect(sessionsPage.apiRequests).toEqual([]);
});

test('an unknown route shows "Page not found" with a link home', async ({
  page,
  consoleErrors,
}) => {
  // The server answers the rendered page with 404, which the browser reports.
  consoleErrors.allow(/status of 404\b.*\/no\/such\/page\)/);
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { name: 'Proctored exam sessions' })).toBeVisible();
});

test('Copy link copies the canonical URL of the view', async ({ page, sessionsPage }) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'page=2&status=closed');
  await expect(page).toHaveURL(`${BUSY}?status=closed&page=2`);
  await sessionsPage.expectSettled();

  await sessionsPage.copyLink.click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(new URL(`${BUSY}?status=closed&page=2`, page.url()).href);
});

// The server's own tests check every response for the real token. The demo token is a random v4
// UUID the browser cannot know, so this only checks that nothing the page receives carries a
// `token` header or anything shaped like that UUID.
const UUID_V4 = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/i;

/** What of a response could carry the token: a `token` header, or a UUID in a header or body. */
async function tokenLikeParts(response: Response): Promise<string[]> {
  const headers = await response.allHeaders();
  // X-Request-Id is a UUID of our own making, quoted when reporting a problem.
  const others = Object.entries(headers).filter(([name]) => name !== 'x-request-id');
  const body = await response.text().catch(() => '');
  return [
    ...('token' in headers ? [`token header on ${response.url()}`] : []),
    ...(others.some(([, value]) => UUID_V4.test(value))
      ? [`UUID in a header of ${response.url()}`]
      : []),
    ...(UUID_V4.test(body) ? [`UUID in the body of ${response.url()}`] : []),
  ];
}

test('nothing the browser receives carries the API token', async ({ page, sessionsPage }) => {
  const checked: string[] = [];
  const leaks: string[] = [];
  // Each check is awaited before the test ends: one still running when the page closes would fail.
  const pending: Array<Promise<void>> = [];
  const onResponse = (response: Response) => {
    pending.push(
      tokenLikeParts(response).then((found) => {
        leaks.push(...found);
        checked.push(response.url());
      }),
    );
  };
  page.on('response', onResponse);

  await page.goto('/');
  await page.getByRole('link', { name: /Chemistry final/ }).click();
  await sessionsPage.expectSettled();
  await sessionsPage.next.click();
  await expect(sessionsPage.range).toHaveText(/^26–/);
  await sessionsPage.expectSettled();

  await expect
    .poll(() => checked.filter((url) => url.includes('/api/v1/')).length)
    .toBeGreaterThan(1);
  page.off('response', onResponse);
  await Promise.all(pending);
  expect(checked.some((url) => url.endsWith('.js'))).toBe(true);
  expect(leaks).toEqual([]);
});

test('a rate limit counts down with Try again held, then the page asks again by itself and recovers', async ({
  page,
  sessionsPage,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 429\b.*\/api\/v1\//);
  // Statuses as they arrive: asking a request for its response later waits forever for one that
  // was aborted (a superseded fetch), until the page closes.
  const listStatuses: number[] = [];
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith('/api/v1/') && pathname.endsWith('/sessions')) {
      listStatuses.push(response.status());
    }
  });
  await sessionsPage.goto(faultSids('rateLimited'));

  const alert = page.getByRole('alert', { name: 'Too many requests to SmarterProctoring' });
  await expect(page.getByRole('timer')).toHaveText(/^Trying again in [1-5] s$/);
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeDisabled();
  // One countdown: the server's own "Try again in 5 seconds" waits in the administrator's details.
  await expect(page.getByText(/\bin \d+ s(econds)?\b/).filter({ visible: true })).toHaveCount(1);
  expect(await shownText(page)).not.toMatch(SETTING_NAME);

  // The demo lets a request through once its 5 s wait is over; the server held everything sooner.
  await expect(sessionsPage.rows().first()).toBeVisible({ timeout: 15_000 });
  await expect(alert).toHaveCount(0);
  expect(listStatuses.at(-1)).toBe(200);
  expect(listStatuses.filter((status) => status === 429).length).toBeLessThanOrEqual(2);
});
