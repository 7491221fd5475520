/**
 * A staff member without a mouse: from the home page to a filtered, sorted, paged view, into a
 * session and back, and the view's link copied, with the keyboard alone.
 */
import type { Locator, Page } from '@playwright/test';
import { sessionsPath } from '#src/lib/paths.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { expect, found, test } from './sessions-page.ts';

const BUSY = sessionsPath(DEMO_SIDS.busy);

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails past `most`. */
async function tabTo(page: Page, target: Locator, { back = false, most = 80 } = {}) {
  for (let presses = 0; presses < most; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target, `reached with ${String(most)} presses of Tab at most`).toBeFocused();
}

/** Presses ArrowRight inside a toolbar (one tab stop, arrows between its items) until `target` has focus. */
async function arrowTo(page: Page, target: Locator, most = 10) {
  for (let presses = 0; presses < most; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('ArrowRight');
  }
  await expect(target, `reached with ${String(most)} presses of ArrowRight at most`).toBeFocused();
}

test('open a link, filter, sort, page, open a session, close it and copy the link, without the mouse', async ({
  page,
  sessionsPage,
}) => {
  await page.goto('/');
  await tabTo(page, page.getByRole('link', { name: /Chemistry final/ }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(BUSY);
  await sessionsPage.expectSettled();

  // Filter: Closed has 60 sessions in the demo, three pages of 25. The statuses are one tab stop
  // (a toolbar): Tab reaches the first, the arrows the others.
  await tabTo(page, sessionsPage.statusFilter('Needs Proctor'));
  await arrowTo(page, sessionsPage.statusFilter('Closed'));
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(`${BUSY}?status=closed`);
  await sessionsPage.expectSettled();

  // Sort oldest first from the column header.
  await tabTo(page, sessionsPage.createdHeader.getByRole('button'));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(`${BUSY}?status=closed&sort=createdDate.asc`);
  await expect(sessionsPage.createdHeader).toHaveAttribute('aria-sort', 'ascending');
  await sessionsPage.expectSettled();

  // The next page, from the top of the page as it opens: 45 presses of Tab at most, every row
  // and control on the way included (header, filters, sort, 25 rows).
  await page.reload();
  await sessionsPage.expectSettled();
  await tabTo(page, sessionsPage.next, { most: 45 });
  await page.keyboard.press('Enter');
  const view = 'status=closed&sort=createdDate.asc&page=2';
  await expect(page).toHaveURL(`${BUSY}?${view}`);
  // The URL changes a moment before the new page renders: wait for the page's own range.
  await expect(sessionsPage.range).toHaveText(/^26–50 of /);
  await sessionsPage.expectSettled();

  // The new page is read from its top: focus is on the results, and Tab goes on to the rows.
  await expect(page.getByRole('region', { name: 'Session results' })).toBeFocused();

  // Open the first session of that page from its row link, then close it with Escape.
  const [first] = await sessionsPage.rowData();
  const { sid } = found(first, 'a row on page 2 of the Closed sessions');
  await tabTo(page, sessionsPage.rowLink(0), { most: 2 });
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 1, name: `Exam session ${sid}` });
  await expect(heading).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(`${BUSY}?${view}`);
  await expect(sessionsPage.rowLink(0)).toBeFocused();

  // Copy the view's link.
  await tabTo(page, sessionsPage.copyLink, { back: true });
  await page.keyboard.press('Enter');
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /Copied/ })
      .first(),
  ).toBeAttached();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(new URL(`${BUSY}?${view}`, page.url()).href);
});

test('the list’s skip link goes past the header and filters to the rows and the pager', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();

  const skip = page.getByRole('link', { name: 'Skip to results' });
  await tabTo(page, skip, { most: 6 });
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(sessionsPage.createdHeader.getByRole('button')).toBeFocused();
  await tabTo(page, sessionsPage.next, { most: 27 });
  await expect(page).toHaveURL(BUSY);
});

test('the triage presets are one tab stop, on the current one; the arrows move between them', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();
  const presets = page
    .getByRole('navigation', { name: 'Triage presets' })
    .getByRole('toolbar', { name: 'Quick views' });
  const links = presets.getByRole('link');

  await tabTo(page, links.first(), { most: 15 });
  await page.keyboard.press('ArrowLeft');
  await expect(links.last()).toBeFocused();
  await page.keyboard.press('Home');
  await expect(links.first()).toBeFocused();
  // Tab leaves the group for the status filter, a toolbar of its own.
  await page.keyboard.press('Tab');
  await expect(sessionsPage.statusFilter('Needs Proctor')).toBeFocused();
  await page.keyboard.press('End');
  await expect(sessionsPage.statusFilter('Processing')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(links.first()).toBeFocused();
});
