/**
 * The list's live signals on demo data: auto-refresh marking a session the demo upstream edits
 * every 10 s, marks since the last visit, waits on sessions waiting for staff, and all of it
 * accessible in both themes and on the cards of a narrow screen.
 */
import type { Page } from '@playwright/test';
import { sessionsPath } from '#src/lib/paths.ts';
import { LAST_VISITS_STORAGE_KEY } from '#src/features/sessions/live/last-visit.ts';
import { DEMO_SIDS, LIVE_SESSION } from '#server/demo-upstream/data.ts';
import { expectNoViolations } from './axe.ts';
import { expect, test } from './sessions-page.ts';

const DAY = 24 * 60 * 60 * 1000;

/** Seeds this browser's last visit to the busy learner's list, before any page script runs. */
async function lastVisitedBusy(page: Page, at: number): Promise<void> {
  await page.addInitScript(
    ([key, view, time]) => {
      window.localStorage.setItem(key, JSON.stringify([{ view, at: time }]));
    },
    [LAST_VISITS_STORAGE_KEY, sessionsPath(DEMO_SIDS.busy), at] as const,
  );
}

test('auto-refresh marks the session the upstream edits, without a reload', async ({
  page,
  sessionsPage,
}) => {
  // A refetch every 15 s must see the 10-second edit window move (plus the server's 3 s cache).
  test.setTimeout(60_000);
  await sessionsPage.goto(DEMO_SIDS.live, 'refresh=15');
  await sessionsPage.expectSettled();
  await expect(page.getByRole('combobox', { name: 'Auto-refresh' })).toHaveValue('15');
  const liveRow = sessionsPage
    .rows()
    .filter({ has: page.getByRole('link', { name: LIVE_SESSION.sid }) });
  await expect(liveRow.getByText(/^waiting /)).toBeVisible();
  await expect(liveRow.getByText('Changed just now')).toHaveCount(0);

  await expect(liveRow.getByText('Changed just now')).toBeVisible({ timeout: 40_000 });
  await expect(page.getByText(/^Updated (just now|\d+ s ago)/)).toBeVisible();
  // Only the edited session changed.
  await expect(sessionsPage.table.getByText('Changed just now')).toHaveCount(1);
});

test('rows edited since the last visit are marked and counted; a first visit marks none', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();
  await expect(page.getByText(/^Updated /)).toBeVisible();
  await expect(page.getByText('Updated since your last visit')).toHaveCount(0);
  await expect(page.getByText(/updated since your last visit, on this page/)).toHaveCount(0);

  const lastVisit = Date.now() - 10 * DAY;
  await lastVisitedBusy(page, lastVisit);
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();
  const editDates = await sessionsPage
    .rows()
    .evaluateAll((rows) =>
      rows.map(
        (row) =>
          row.querySelectorAll('td')[5]?.querySelector('time')?.getAttribute('datetime') ?? '',
      ),
    );
  const newer = editDates.filter((iso) => Date.parse(iso) > lastVisit).length;
  expect(newer).toBeGreaterThan(0);
  expect(newer).toBeLessThan(editDates.length);

  await expect(
    page.getByText(`${newer} updated since your last visit, on this page`),
  ).toBeVisible();
  await expect(sessionsPage.table.getByText('Updated since your last visit')).toHaveCount(newer);
});

test('sessions waiting for a proctor show their wait, overdue ones highlighted in words', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'status=needs-proctor');
  await sessionsPage.expectSettled();
  const rows = sessionsPage.rows();
  await expect(rows.first().getByText(/^waiting /)).toBeVisible();
  const waits = await rows.evaluateAll((all) =>
    all.map((row) => ({
      edited: row.querySelectorAll('td')[5]?.querySelector('time')?.getAttribute('datetime') ?? '',
      wait: row.querySelector('[data-slot="aging"]')?.textContent ?? '',
    })),
  );
  for (const { edited, wait } of waits) {
    const overdue = Date.now() - Date.parse(edited) > 2 * DAY;
    expect(wait).toMatch(
      overdue ? /^waiting \d+ d, overdue$/ : /^waiting \d+ (min|h|d)$|^waiting under a minute$/,
    );
  }
  expect(waits.some(({ wait }) => wait.endsWith('overdue'))).toBe(true);
  await expect(page.getByText(/, overdue$/).first()).toBeVisible();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('a list with waits and marks passes axe', async ({ page, sessionsPage }) => {
      await lastVisitedBusy(page, Date.now() - 10 * DAY);
      await sessionsPage.goto(
        DEMO_SIDS.busy,
        'status=needs-proctor&status=pending-approval&refresh=60',
      );
      await sessionsPage.expectSettled();
      await expect(page.getByText(/updated since your last visit, on this page/)).toBeVisible();
      await expect(sessionsPage.table.getByText(/, overdue$/).first()).toBeVisible();
      await expectNoViolations(page);
    });
  });
}

test.describe('at 375 px', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('the cards show the waits and the marks', async ({ page, sessionsPage }) => {
    await lastVisitedBusy(page, Date.now() - 10 * DAY);
    await sessionsPage.goto(DEMO_SIDS.busy, 'status=needs-proctor&status=pending-approval');
    await expect(sessionsPage.cards().first()).toBeVisible();
    await expect(sessionsPage.cardList.getByText(/^waiting /).first()).toBeVisible();
    await expect(sessionsPage.cardList.getByText(/, overdue$/).first()).toBeVisible();
    await expect(
      sessionsPage.cardList.getByText('Updated since your last visit').first(),
    ).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Auto-refresh' })).toBeVisible();
    await expectNoViolations(page);
  });
});
