/**
 * The home page's lookup and "Recently viewed", against the built server on demo data: a pasted
 * API link lands on its canonical list, bad input is explained and goes nowhere, and a list once
 * shown is offered again, by its learner's name, until removed.
 */
import type { Page } from '@playwright/test';
import { sessionsPath } from '#src/lib/paths.ts';
import { RECENT_VIEWS_STORAGE_KEY } from '#src/lib/recent-views/recent-views.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { expectNoViolations } from './axe.ts';
import { expect, test } from './sessions-page.ts';

const API_LINK = `https://api.smarterproctoring.com/v1${sessionsPath(DEMO_SIDS.busy)}?offset=0&limit=25&sortKeys=createdDate&sortOrder=ASC&status=Incident`;

function field(page: Page, name: string) {
  return page.getByRole('textbox', { name, exact: true });
}

/** Waits until a shown view's learner has reached this browser's "Recently viewed" store. */
async function expectRecordedLearner(page: Page, name: string): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate((key) => window.localStorage.getItem(key) ?? '', RECENT_VIEWS_STORAGE_KEY),
    )
    .toContain(`"learnerName":"${name}"`);
}

/** Waits until this browser's "Recently viewed" store holds `count` views. */
async function expectRecordedViews(page: Page, count: number): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(
        (key) => (JSON.parse(window.localStorage.getItem(key) ?? '[]') as unknown[]).length,
        RECENT_VIEWS_STORAGE_KEY,
      ),
    )
    .toBe(count);
}

test('a pasted API link with a status filter opens its canonical list view', async ({
  page,
  sessionsPage,
}) => {
  await page.goto('/');
  await field(page, 'Link').fill(API_LINK);
  await expect(field(page, 'Exam sid')).toHaveValue(DEMO_SIDS.busy.examSid);
  await page.getByRole('button', { name: 'Open', exact: true }).click();

  await expect(page).toHaveURL(
    `${sessionsPath(DEMO_SIDS.busy)}?status=incident&sort=createdDate.asc`,
  );
  const rows = await sessionsPage.rowData();
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((row) => row.status.includes('Incident'))).toBe(true);
});

test('bad input is explained where it was typed and Open goes nowhere', async ({ page }) => {
  await page.goto('/');
  const exam = field(page, 'Exam sid');
  await exam.fill(`EX${'g'.repeat(32)}`);
  await expect(exam).toHaveAttribute('aria-invalid', 'true');
  await expect(exam).toHaveAccessibleDescription(
    'The exam sid must be EX followed by 32 lowercase hexadecimal characters (0-9, a-f); it holds "g".',
  );

  await field(page, 'Link').fill('https://api.smarterproctoring.com/v1/installs/AI1/settings');
  await page.getByRole('button', { name: 'Open', exact: true }).click();

  await expect(field(page, 'Link')).toBeFocused();
  await expect(field(page, 'Link')).toHaveAccessibleDescription(
    /^This link is not a sessions list or a session; it points to \/v1\/installs\/AI1\/settings\./,
  );
  await expect(page).toHaveURL('/');
});

test('a list once shown is in Recently viewed by its learner’s name, until removed', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'status=closed');
  await sessionsPage.expectSettled();
  await expect(page.getByText('Maya Okonkwo')).toBeVisible();
  await expectRecordedLearner(page, 'Maya Okonkwo');

  await page.goto('/');
  const recent = page.getByRole('region', { name: 'Recently viewed' });
  const entry = recent.getByRole('link', { name: /^Maya Okonkwo/ });
  await expect(entry).toContainText('Northfield University · Chemistry Final Exam (CHEM 201)');
  await expect(entry).toContainText('Closed');
  await expect(entry).toHaveAttribute('href', `${sessionsPath(DEMO_SIDS.busy)}?status=closed`);

  await recent.getByRole('button', { name: /^Remove Maya Okonkwo/ }).click();
  await expect(entry).toHaveCount(0);
  await expect(recent).toContainText('Lists and sessions you open are listed here');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Recently viewed' })).toContainText(
    'Lists and sessions you open are listed here',
  );
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the home page with a validation message and recent views passes axe', async ({
      page,
      sessionsPage,
    }) => {
      await sessionsPage.goto(DEMO_SIDS.handful);
      await sessionsPage.expectSettled();
      // A view is recorded by code fetched after the page is shown: leaving before it has run
      // would leave this view out (2 runs in 10).
      await expectRecordedViews(page, 1);
      await page.goto(sessionsPath(DEMO_SIDS.busy));
      await sessionsPage.expectSettled();
      await expectRecordedLearner(page, 'Maya Okonkwo');

      await page.goto('/');
      await expect(
        page.getByRole('region', { name: 'Recently viewed' }).getByRole('listitem'),
      ).toHaveCount(2);
      await field(page, 'Install sid').fill('EX12');
      await expect(field(page, 'Install sid')).toHaveAttribute('aria-invalid', 'true');
      await expectNoViolations(page);
    });
  });
}
