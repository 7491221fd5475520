/**
 * The list's keyboard shortcuts, with the keyboard alone: `/` to the filters, a status chosen,
 * j j to the second row, Enter into it, Escape back onto it, and `?` for the list of shortcuts.
 */
import type { Page } from '@playwright/test';
import { sessionsPath } from '#src/lib/paths.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { expectNoViolations } from './axe.ts';
import { expect, found, test, type SessionsPage } from './sessions-page.ts';

const BUSY = sessionsPath(DEMO_SIDS.busy);

/**
 * The busy learner's list, once its keys work: the hint is said only then (the server's HTML is
 * there before any script listens, and a key pressed too soon was lost, 1 run in 104).
 */
async function openListWithShortcuts(page: Page, sessionsPage: SessionsPage): Promise<void> {
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();
  await expect(page.getByText('Press ? for keyboard shortcuts.')).toBeVisible();
}

test('filter, move down the rows, open one and come back, keyboard only', async ({
  page,
  sessionsPage,
}) => {
  await openListWithShortcuts(page, sessionsPage);

  // `/` goes to the filters: the first status, Needs Proctor. Space ticks it.
  await page.keyboard.press('/');
  await expect(sessionsPage.statusFilter('Needs Proctor')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(`${BUSY}?status=needs-proctor`);
  const rows = await sessionsPage.rowData();
  const second = found(rows[1], 'a second Needs Proctor row');
  expect(rows.every((row) => row.status === 'Needs Proctor')).toBe(true);

  // j j: from the checkbox to the first row, then the second.
  await page.keyboard.press('j');
  await expect(sessionsPage.rowLink(0)).toBeFocused();
  await page.keyboard.press('j');
  await expect(sessionsPage.rowLink(1)).toBeFocused();
  await page.keyboard.press('k');
  await expect(sessionsPage.rowLink(0)).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(sessionsPage.rowLink(1)).toBeFocused();

  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 1, name: `Exam session ${second.sid}` });
  await expect(heading).toBeFocused();
  // The list's shortcuts are not the detail's: j there moves nothing and opens nothing.
  await page.keyboard.press('j');
  await expect(heading).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(`${BUSY}?status=needs-proctor`);
  await expect(sessionsPage.rowLink(1)).toBeFocused();

  // `?` lists the shortcuts; Escape closes the list and focus is back on the row.
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Keyboard shortcuts' })).toBeVisible();
  await expect(dialog).toContainText('Next session');
  await expect(dialog).toContainText('Go to the filters');
  // While it is open the list's keys do nothing (and Escape still closes it, below).
  await page.keyboard.press('j');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(sessionsPage.rowLink(1)).toBeFocused();
  // The page is still the list: Escape closed only the dialog.
  await expect(page).toHaveURL(`${BUSY}?status=needs-proctor`);
});

test('shortcuts stay out of the way while typing in a field', async ({ page, sessionsPage }) => {
  await openListWithShortcuts(page, sessionsPage);
  await sessionsPage.rowsPerPage.focus();
  await page.keyboard.press('j');
  await page.keyboard.press('?');
  await expect(sessionsPage.rowsPerPage).toBeFocused();
  await expect(page.getByRole('dialog')).toBeHidden();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the list of shortcuts passes axe', async ({ page, sessionsPage }) => {
      await openListWithShortcuts(page, sessionsPage);
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
      await expectNoViolations(page);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect(dialog).toBeHidden();
    });
  });
}
