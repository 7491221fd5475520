import { createHash } from 'node:crypto';
import { PAGE_DATA_ELEMENT_ID } from '#src/api/contract/page-data.ts';
import { buildPath } from '#src/api/contract/routes.ts';
import {
  DEFAULT_LIST_QUERY,
  sessionListEndpoint,
  toSessionListSearchParams,
  type SessionListResponse,
} from '#src/api/contract/session-list.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import { DEMO_SIDS, faultSids } from '#server/demo-upstream/data.ts';
import { expect, test } from './sessions-page.ts';

const BUSY = sessionsPath(DEMO_SIDS.busy);
const HYDRATION_ERROR = /hydrat|#418|#419|#423|#425/i;

test('the first HTML of a list page already holds its first page of rows', async ({ request }) => {
  const api = await request.get(sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY));
  const list = (await api.json()) as SessionListResponse;
  const response = await request.get(BUSY);

  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  const html = await response.text();
  for (const row of list.results) expect(html).toContain(row.sid);
  expect(html).toContain(`<script type="application/json" id="${PAGE_DATA_ELEMENT_ID}">`);
  // Besides data blocks, two inline scripts: the theme's, and the loader that runs the app's code
  // once the rows are painted. The policy allows each by its hash alone.
  const inline = [
    ...html.matchAll(/<script(?![^>]*\b(?:src=|type="application\/json"))[^>]*>(.*?)<\/script>/gs),
  ].map(([, body = '']) => body);
  expect(inline).toEqual([
    expect.stringContaining("localStorage.getItem('sp-theme')"),
    expect.stringMatching(/import\("\/assets\/index-[\w-]+\.js"\)/),
  ]);
  const policy = response.headers()['content-security-policy'] ?? '';
  const hashes = inline.map(
    (body) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
  );
  expect(policy).toContain(`script-src 'self' ${hashes.join(' ')};`);
  expect(policy).not.toContain('unsafe-inline');
});

test('a server-rendered list shows its rows without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${BUSY}?status=incident`);

  const rows = page
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('cell') });
  await expect(rows.first()).toBeVisible();
  await expect(rows.filter({ hasText: 'Incident' })).toHaveCount(await rows.count());
  await context.close();
});

test('the browser takes over the rendered rows without asking for them again or a mismatch', async ({
  page,
  sessionsPage,
  consoleErrors,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();
  await expect(sessionsPage.rows()).toHaveCount(25);
  // Once hydrated, dates move from the server's UTC form to the viewer's zone.
  await expect(page.getByRole('table')).not.toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d/);
  await expect(page.getByText('could not finish loading')).toBeHidden();

  // Page 1 came with the HTML; the only list request is page 2, fetched ahead once the pointer
  // reaches for Next, at the quota's lowest priority.
  await page.getByRole('button', { name: 'Next' }).hover();
  await expect.poll(() => sessionsPage.listRequests().length).toBe(1);
  const [prefetch] = sessionsPage.listRequests();
  expect(new URL(prefetch?.url() ?? '/', page.url()).searchParams.get('offset')).toBe('25');
  expect(await prefetch?.headerValue('x-quota-priority')).toBe('prefetch');
  // Production React names a hydration failure only by its error number.
  expect(consoleErrors.seen.filter((line) => HYDRATION_ERROR.test(line))).toEqual([]);
});

for (const [code, chunk] of [
  ["the page's code", /\/assets\/index-[\w-]+\.js$/],
  ["React's code", /\/assets\/react-dom-[\w-]+\.js$/],
] as const) {
  test(`when ${code} cannot load, the rows stay and a notice says how to go on`, async ({
    page,
    sessionsPage,
    consoleErrors,
  }) => {
    consoleErrors.allow(/net::ERR_FAILED \(.*\/assets\/(index|react-dom)-/);
    consoleErrors.allow(/Failed to fetch dynamically imported module/);
    await page.route(chunk, (route) => route.abort());
    await page.goto(BUSY);

    await expect(sessionsPage.rows()).toHaveCount(25);
    const notice = sessionsPage.alert.filter({ hasText: 'could not finish loading' });
    await expect(notice).toBeVisible();
    await expect(notice).toContainText('buttons and filters will not work');
    // The failure is still reported, for the console and any error reporting.
    expect(consoleErrors.seen).toContainEqual(
      expect.stringMatching(/Failed to fetch dynamically imported module/),
    );

    // Once the code can come again, the notice's link reloads into a page that responds.
    await page.unroute(chunk);
    await notice.getByRole('link', { name: 'Reload the page' }).click();
    await sessionsPage.expectExtras();
    await expect(notice).toBeHidden();
    await sessionsPage.next.click();
    await expect(page).toHaveURL(/[?&]page=2\b/);
    await sessionsPage.expectSettled();
    await expect(sessionsPage.rows()).toHaveCount(25);
  });
}

test('the extras come in one chunk once hydrated, and what the server rendered of them stays until then', async ({
  page,
  sessionsPage,
  consoleErrors,
}) => {
  const chunks: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/assets/') && pathname.endsWith('.js')) chunks.push(pathname);
  });
  // Checked after each DOM change, before it is painted: a part missing here was seen missing.
  await page.addInitScript(() => {
    const missing: string[] = [];
    Object.assign(window, { missingParts: missing });
    new MutationObserver(() => {
      if (document.readyState === 'loading') return;
      const text = document.getElementById('root')?.textContent ?? '';
      for (const part of ['Demo data.', 'Theme', 'Export CSV', 'Reset view', 'View options']) {
        if (!text.includes(part)) missing.push(part);
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });

  await sessionsPage.goto(DEMO_SIDS.busy);
  // Said once the shortcuts' code has come: the extras are all here.
  await expect(page.getByText('Press ? for keyboard shortcuts.')).toBeVisible();

  // React DOM is a chunk of its own, fetched with the entry (react-dom-in-its-own-task.md).
  expect(chunks.map((path) => /^\/assets\/(.+)-[\w-]{8}\.js$/.exec(path)?.[1])).toEqual([
    'index',
    'react-dom',
    'extras',
  ]);
  expect(await page.evaluate(() => (window as { missingParts?: string[] }).missingParts)).toEqual(
    [],
  );
  expect(consoleErrors.seen.filter((line) => HYDRATION_ERROR.test(line))).toEqual([]);
});

test('in another locale and time zone, and after a reload of a repaired link, hydration still matches', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Asia/Kolkata' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));

  // Page 999 is repaired to the last page with a notice kept in history state; the reload
  // renders on the server without it.
  await page.goto(`${BUSY}?page=999`);
  await expect(page.getByText(/Page 999 is past the end/)).toBeVisible();
  await page.reload();
  await expect(page.getByText(/Page 999 is past the end/)).toBeVisible();
  // ICU may name the zone by its older alias.
  await expect(page.getByRole('table')).toContainText(/Times are in .*Asia\/(Kolkata|Calcutta)/);
  expect(errors.filter((line) => HYDRATION_ERROR.test(line))).toEqual([]);
  await context.close();
});

test('a slow upstream never holds the page back: it ships with the skeleton', async ({
  request,
}) => {
  const started = Date.now();
  const response = await request.get(sessionsPath(faultSids('slow')));
  const html = await response.text();

  // The render budget is 800 ms here (playwright.config.ts); the slow fault outlasts the 1.5 s timeout.
  expect(Date.now() - started).toBeLessThan(1_500);
  expect(html).toContain('id="root"><');
  expect(html).not.toContain('"sessionList"');
  expect(html).toContain('Loading sessions…');
});

test('a page whose sids are malformed is rendered as the readable state, asking nothing', async ({
  request,
}) => {
  const html = await (
    await request.get(sessionsPath({ ...DEMO_SIDS.busy, examSid: 'EX123' }))
  ).text();
  expect(html).toContain('This link has a malformed exam sid');
  expect(html).not.toContain('"sessionList"');
});

// The list query the rendered page used is the one the browser would ask for.
test('the rendered page data is keyed by the /api path of the view in the URL', async ({
  request,
}) => {
  const html = await (await request.get(`${BUSY}?sort=createdDate.asc&limit=10`)).text();
  const query = toSessionListSearchParams({ ...DEFAULT_LIST_QUERY, sortOrder: 'ASC', limit: 10 });
  expect(html).toContain(
    JSON.stringify(
      `${buildPath(sessionListEndpoint.apiRoute, DEMO_SIDS.busy)}?${query}`,
    ).replaceAll('&', '\\u0026'),
  );
});
