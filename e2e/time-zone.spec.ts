/**
 * "Times in": the same instant read in the viewer's zone, in UTC and in the install's zone. The
 * expected text is computed in the page with Intl and the app's own format options, from the
 * cell's `datetime`, so the test follows the browser's locale instead of hard-coding a string.
 */
import type { Locator, Page } from '@playwright/test';
import { sessionsPath } from '#src/lib/paths.ts';
import { ABSOLUTE_DATE_OPTIONS } from '#src/lib/format-date.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { DEMO_INSTALLS } from '#server/demo-upstream/detail-fixtures.ts';
import { expect, found, test } from './sessions-page.ts';

const BUSY = sessionsPath(DEMO_SIDS.busy);
/** The busy learner's install (Northfield): America/Chicago in the demo data. */
const INSTALL_ZONE = DEMO_INSTALLS.northfield.defaultTimezone;
/** A viewer whose zone is neither UTC nor the install's, so each choice shows a different time. */
const VIEWER_ZONE = 'Europe/Paris';

test.use({ timezoneId: VIEWER_ZONE });

/** What the page should show for `iso` in `timeZone` (undefined = the browser's own). */
async function expectedText(page: Page, iso: string, timeZone: string | undefined) {
  return page.evaluate(
    ({ iso, options, timeZone }) =>
      new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(new Date(iso)),
    { iso, options: ABSOLUTE_DATE_OPTIONS, timeZone },
  );
}

/** The Created cell's `<time>` in the row of session `sid`. */
async function createdTime(page: Page, sid: string): Promise<Locator> {
  const headers = await page.getByRole('columnheader').allTextContents();
  const index = headers.findIndex((text) => text.startsWith('Created'));
  expect(index, 'the Created column').toBeGreaterThanOrEqual(0);
  // The sid is the row's header cell: the columns after it are plain cells.
  return page
    .getByRole('row')
    .filter({ hasText: sid })
    .getByRole('cell')
    .nth(index - 1)
    .locator('time');
}

test('"Times in" shows a row’s Created time in my zone, in UTC and in the install’s zone', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy);
  const [first] = await sessionsPage.rowData();
  const { sid, created: iso } = found(first, 'a row on the busy list');
  const created = await createdTime(page, sid);
  await expect(created).toHaveAttribute('datetime', iso);
  const timesIn = page.getByRole('combobox', { name: 'Times in' });

  await expect(timesIn.locator('option:checked')).toHaveText(`My time zone (${VIEWER_ZONE})`);
  const mine = await expectedText(page, iso, undefined);
  await expect(created).toContainText(mine);

  await timesIn.selectOption({ label: 'UTC' });
  await expect(page).toHaveURL(`${BUSY}?tz=utc`);
  const utc = await expectedText(page, iso, 'UTC');
  await expect(created).toContainText(utc);

  // Reaching for the select looks the install's zone up, which names its option.
  await timesIn.hover();
  const installLabel = `Install (${INSTALL_ZONE})`;
  await expect(timesIn.getByRole('option', { name: installLabel })).toBeAttached();
  await timesIn.selectOption({ label: installLabel });
  await expect(page).toHaveURL(`${BUSY}?tz=install`);
  const install = await expectedText(page, iso, INSTALL_ZONE);
  await expect(created).toContainText(install);

  // Three different readings of one instant, and the exact instant kept in the markup.
  expect(new Set([mine, utc, install]).size).toBe(3);
  await expect(created).toHaveAttribute('datetime', iso);

  // A reload renders UTC on the server, hydrates without a mismatch (the error guard would
  // fail the test), then shows the install's zone again.
  await page.reload();
  await expect(timesIn.locator('option:checked')).toHaveText(installLabel);
  await expect(await createdTime(page, sid)).toContainText(install);

  // Back returns to the previous choice.
  await page.goBack();
  await expect(page).toHaveURL(`${BUSY}?tz=utc`);
  await expect(await createdTime(page, sid)).toContainText(utc);
});

test('a tz the list does not know is dropped with a notice', async ({ page, sessionsPage }) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'tz=mars');

  await expect(page).toHaveURL(BUSY);
  await expect(sessionsPage.notice).toContainText('tz "mars" (use install or utc)');
  await expect(
    page.getByRole('combobox', { name: 'Times in' }).locator('option:checked'),
  ).toHaveText(`My time zone (${VIEWER_ZONE})`);
});

test('the detail keeps the zone: opened from a UTC list, changed there, and carried back on close', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'status=incident&tz=utc');
  const [first] = await sessionsPage.rowData();
  const { sid } = found(first, 'an Incident row on the busy list');
  // A click anywhere on a row opens it, like its link.
  await sessionsPage.rows().first().getByRole('cell').nth(2).click();

  const heading = page.getByRole('heading', { level: 1, name: `Exam session ${sid}` });
  await expect(heading).toBeVisible();
  expect(new URL(page.url()).search).toBe('?tz=utc');
  const timesIn = page.getByRole('combobox', { name: 'Times in' });
  await expect(timesIn.locator('option:checked')).toHaveText('UTC');

  // Read in another zone on the detail, the list it returns to is read in that zone too.
  await timesIn.selectOption({ label: `My time zone (${VIEWER_ZONE})` });
  await page.getByRole('link', { name: 'Back to sessions' }).click();
  await expect(page).toHaveURL(`${BUSY}?status=incident`);
  await sessionsPage.expectSettled();

  // A deep link in UTC closes to the plain list, still in UTC.
  await page.goto(`${BUSY}/${sid}?tz=utc`);
  await expect(heading).toBeVisible();
  await page.getByRole('link', { name: 'Back to sessions' }).click();
  await expect(page).toHaveURL(`${BUSY}?tz=utc`);
  await sessionsPage.expectSettled();
});
