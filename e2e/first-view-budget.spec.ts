/**
 * The first view's budgets that hold on any machine: bytes of HTML and requests. Timings are the
 * bench's (`npm run bench`), never a test's. See docs/decisions/first-view-byte-budget.md.
 */
import type { Request } from '@playwright/test';
import { sessionsPath } from '#src/lib/paths.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { expect, quietForASecond, test } from './sessions-page.ts';

const BUSY = sessionsPath(DEMO_SIDS.busy);
/** Decoded bytes of a list page's HTML with its 25 rows and their data. */
const HTML_BUDGET = 60_000;
/** Every request until the page is idle: the document, its code and style, and the lookups. */
const REQUEST_BUDGET = 10;

test(`a list page of 25 rows is at most ${HTML_BUDGET / 1000} kB of HTML`, async ({ request }) => {
  const html = await (await request.get(BUSY)).text();

  expect(html.match(/<tr>/g)).toHaveLength(25);
  expect(Buffer.byteLength(html)).toBeLessThanOrEqual(HTML_BUDGET);
});

test(`a list page makes at most ${REQUEST_BUDGET} requests until it is idle`, async ({
  page,
  sessionsPage,
}) => {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();
  // Idle: the names, the counts and the signals have arrived, and nothing is asked after them.
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('Maya Okonkwo');
  await expect(sessionsPage.statusFilter('Incident')).toHaveAccessibleDescription(/^9 sessions\. /);
  await expect(page.getByText(/^waiting /).first()).toBeVisible();
  // Then a second in which nothing more is asked.
  await quietForASecond(requests);

  const asked = requests.map((request) => new URL(request.url()).pathname);
  expect(asked.length, asked.join('\n')).toBeLessThanOrEqual(REQUEST_BUDGET);
});
