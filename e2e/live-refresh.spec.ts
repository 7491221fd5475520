/**
 * The list's live signals on demo data: auto-refresh marking a session the demo upstream edits
 * every 10 s and naming what changed, marks since the last visit and the way to them, waits on
 * sessions waiting for staff, and all of it accessible in both themes and on a narrow screen's cards.
 */
import type { Page } from '@playwright/test';
import { sessionListResponseSchema } from '#src/api/contract/session-list.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import { ABSOLUTE_DATE_OPTIONS } from '#src/lib/format-date.ts';
import { LAST_VISITS_STORAGE_KEY } from '#src/features/sessions/live/last-visit.ts';
import { DEMO_SIDS, demoSessionSid, LIVE_SESSION } from '#server/demo-upstream/data.ts';
import { expectNoViolations } from './axe.ts';
import { expect, found, test } from './sessions-page.ts';

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

/** The live learner's scheduled session, which `answerChangedOnce` reschedules. */
const SCHEDULED = demoSessionSid(DEMO_SIDS.live, 'Scheduled');
const DAY_LATER = 24 * 60 * 60 * 1000;

/**
 * The next list answer is as if staff had moved the scheduled session to Incident and its
 * appointment a day later (the demo itself only moves an edit date); later refreshes are held, so
 * the mark stays while the test reads it.
 */
async function answerChangedOnce(page: Page): Promise<void> {
  let answered = false;
  await page.route(/\/api\/v1\/.*\/sessions\?/, async (route) => {
    if (answered) return;
    answered = true;
    const response = await route.fetch();
    const list = sessionListResponseSchema.parse(await response.json());
    const results = list.results.map((row) =>
      row.sid === SCHEDULED && row.appointmentDate !== null
        ? {
            ...row,
            status: 'Incident',
            appointmentDate: new Date(Date.parse(row.appointmentDate) + DAY_LATER).toISOString(),
            editDate: new Date().toISOString(),
          }
        : row,
    );
    await route.fulfill({ response, json: { ...list, results } });
  });
}

/** A date as the page writes it, in `timeZone`, with the browser's own locale. */
async function shownDate(page: Page, iso: string, timeZone: string): Promise<string> {
  return page.evaluate(
    ({ iso, options, timeZone }) =>
      new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(new Date(iso)),
    { iso, options: ABSOLUTE_DATE_OPTIONS, timeZone },
  );
}

test('auto-refresh marks the session the upstream edits as edited, claiming nothing more', async ({
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
  await expect(liveRow.getByText('Edited just now')).toHaveCount(0);

  await expect(liveRow.getByText('Edited just now')).toBeVisible({ timeout: 40_000 });
  await expect(page.getByText(/^Updated (just now|\d+ s ago)/)).toBeVisible();
  // Only the edited session changed.
  await expect(sessionsPage.table.locator('[data-slot="row-mark"]')).toHaveCount(1);
});

test('after a refresh, a changed row names what changed: the status from → to, and the appointment moved', async ({
  page,
  sessionsPage,
}) => {
  test.setTimeout(60_000);
  await sessionsPage.goto(DEMO_SIDS.live, 'refresh=15&tz=utc');
  await sessionsPage.expectSettled();
  await expect(page.getByRole('combobox', { name: 'Auto-refresh' })).toBeVisible();
  const row = sessionsPage.rows().filter({ has: page.getByRole('link', { name: SCHEDULED }) });
  const appointment = found(
    (await row.locator('time').first().getAttribute('datetime')) ?? undefined,
    'the scheduled session’s appointment',
  );
  await answerChangedOnce(page);

  await expect(row.getByText('Changed: Scheduled → Incident, appointment moved')).toBeVisible({
    timeout: 40_000,
  });
  const moved = new Date(Date.parse(appointment) + DAY_LATER).toISOString();
  // Screen readers hear it in words, with both dates in the zone the list is read in.
  await expect(row.locator('[data-slot="row-mark"]')).toContainText(
    `Changed just now: status from Scheduled to Incident; appointment moved from ${await shownDate(page, appointment, 'UTC')} to ${await shownDate(page, moved, 'UTC')}.`,
  );
});

test('rows edited since the last visit are marked and counted; a first visit marks none', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();
  await expect(page.getByText(/^Updated /)).toBeVisible();
  await expect(page.getByText(/since your last visit/)).toHaveCount(0);

  // The demo's newest 25 sessions were edited within the last 30 hours, about half in the last 12.
  const lastVisit = Date.now() - DAY / 2;
  await lastVisitedBusy(page, lastVisit);
  await sessionsPage.goto(DEMO_SIDS.busy);
  const editDates = (await sessionsPage.rowData()).map((row) => row.edited);
  const newer = editDates.filter((iso) => Date.parse(iso) > lastVisit).length;
  expect(newer).toBeGreaterThan(0);
  expect(newer).toBeLessThan(editDates.length);

  await expect(
    page.getByText(`${newer} updated since your last visit, on this page.`),
  ).toBeVisible();
  // This browser had not kept what those rows showed: they are edited, and no more is claimed.
  await expect(sessionsPage.table.getByText('Edited since your last visit')).toHaveCount(newer);
});

test('rows that changed since the last visit say how, and the count’s button takes the keyboard to the first', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'status=closed');
  const rows = await sessionsPage.rowData();
  // The third and sixth rows, as if they had been scheduled on the last visit, an hour ago.
  const changed = [found(rows[2], 'a third row').sid, found(rows[5], 'a sixth row').sid];
  await page.evaluate(
    ({ key, changed }) => {
      const visits = JSON.parse(window.localStorage.getItem(key) ?? '[]') as Array<{
        at: number;
        seen: Array<[string, string, ...unknown[]]>;
      }>;
      for (const visit of visits) {
        visit.at -= 60 * 60 * 1000;
        for (const row of visit.seen.filter(([sid]) => changed.includes(sid))) row[1] = 'Scheduled';
      }
      window.localStorage.setItem(key, JSON.stringify(visits));
    },
    { key: LAST_VISITS_STORAGE_KEY, changed },
  );

  await sessionsPage.goto(DEMO_SIDS.busy, 'status=closed');
  await sessionsPage.expectSettled();
  await expect(page.getByText('2 updated since your last visit, on this page.')).toBeVisible();
  const [first, second] = changed.map((sid) =>
    sessionsPage.rows().filter({ has: page.getByRole('link', { name: sid }) }),
  );
  for (const row of [first, second]) {
    await expect(
      found(row, 'a changed row').getByText('Since last visit: Scheduled → Closed'),
    ).toBeVisible();
  }

  // Keyboard only: the count's button is the last stop before the results the skip link lands on.
  await page.getByRole('link', { name: 'Skip to results' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Go to the first' })).toBeFocused();
  await page.keyboard.press('Enter');
  const mark = found(first, 'the first changed row').locator('[data-slot="row-mark"]');
  await expect(mark).toBeFocused();
  await expect(mark).toContainText(
    'Updated since your last visit: status from Scheduled to Closed.',
  );
  // The session's link is one step back; Tab goes on down the rows.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('link', { name: changed[0] })).toBeFocused();
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
      await expect(page.getByRole('button', { name: 'Go to the first' })).toBeVisible();
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
    await expect(sessionsPage.table.getByText(/^waiting /).first()).toBeVisible();
    await expect(sessionsPage.table.getByText(/, overdue$/).first()).toBeVisible();
    await expect(
      sessionsPage.table.getByText('Edited since your last visit').first(),
    ).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Auto-refresh' })).toBeVisible();
    await expectNoViolations(page);
  });
});
