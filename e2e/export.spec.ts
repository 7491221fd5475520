/**
 * CSV export of a whole filtered view: every page fetched at 100 a page, a progress bar and
 * Cancel meanwhile, and a downloaded file whose content matches the view.
 */
import { readFile } from 'node:fs/promises';
import type { Page, Request } from '@playwright/test';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { DEMO_INSTALLS } from '#server/demo-upstream/detail-fixtures.ts';
import { expectNoViolations } from './axe.ts';
import { expect, found, test } from './sessions-page.ts';

/** Four statuses of the busy demo learner: 60 + 22 + 14 + 12 = 108 sessions, two export pages. */
const VIEW = 'status=needs-proctor&status=pending-approval&status=scheduled&status=closed';
const STATUSES = ['Needs Proctor', 'Pending Approval', 'Scheduled', 'Closed'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DAY = String.raw`\d{4}-\d{2}-\d{2}`;
/** A viewer in Paris, so the install's zone (Chicago) is a choice that changes every time. */
const VIEWER_ZONE = 'Europe/Paris';
const INSTALL_ZONE = DEMO_INSTALLS.northfield.defaultTimezone;

test.use({ timezoneId: VIEWER_ZONE });

/** The file's rows as header → cell; the demo's names hold no comma or quote, so none is quoted. */
async function csvRows(path: string): Promise<Record<string, string>[]> {
  const text = await readFile(path, 'utf8');
  // Excel reads the file as UTF-8 only after a byte order mark.
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text).not.toContain('"');
  const [header = '', ...lines] = text.slice(1, -2).split('\r\n');
  const names = header.split(',');
  return lines.map((line) =>
    Object.fromEntries(
      line.split(',').map((cell, index): [string, string] => [names[index] ?? '', cell]),
    ),
  );
}

/** How Sweden writes a date-time is the ISO form spreadsheets read: an oracle apart from the app's. */
function inZone(iso: string, timeZone: string): string {
  return new Date(iso).toLocaleString('sv-SE', { timeZone });
}

/** The export's page requests: the list's own ask for its page size, never 100 here. */
function exportPages(requests: Request[]): URL[] {
  return requests
    .map((request) => new URL(request.url()))
    .filter((url) => url.pathname.endsWith('/sessions') && url.searchParams.get('limit') === '100');
}

/** The view's total as the header shows it: "108 sessions in this view". */
async function shownTotal(page: Page): Promise<number> {
  const text = await page.getByText(/^[\d,]+ sessions? in this view$/).textContent();
  return Number(found(text ?? undefined, 'the view total').replace(/\D/g, ''));
}

/** Holds every export page after the first until released, so the progress stays on screen. */
async function holdLaterExportPages(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/api\/v1\/.*\/sessions\?.*limit=100/, async (route) => {
    if (new URL(route.request().url()).searchParams.get('offset') !== '0') await held;
    await route.continue();
  });
  return release;
}

test('exports every session of the filtered view to a CSV file', async ({ page, sessionsPage }) => {
  await sessionsPage.goto(DEMO_SIDS.busy, VIEW);
  await sessionsPage.expectSettled();
  const total = await shownTotal(page);
  expect(total).toBe(108);

  const release = await holdLaterExportPages(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const progress = page.getByRole('progressbar', { name: 'Export progress' });
  await expect(progress).toHaveAttribute('value', '100');
  await expect(page.getByText(`Page 1 of 2 · 100 of ${String(total)} sessions`)).toBeVisible();
  release();

  const file = await download;
  expect(file.suggestedFilename()).toMatch(
    new RegExp(`^.+ - .+ - needs-proctor\\+pending-approval\\+scheduled\\+closed - ${DAY}\\.csv$`),
  );
  const rows = await csvRows(await file.path());
  expect(rows).toHaveLength(total);
  expect(new Set(rows.map((row) => row.Session)).size).toBe(total);
  for (const row of rows) {
    expect(row.Session).toMatch(/^ES[0-9a-f]{32}$/);
    expect(STATUSES).toContain(row.Status);
    // Unscheduled sessions (all Needs Proctor, some Pending Approval) have no appointment.
    expect(row['Appointment (UTC ISO 8601)']).toMatch(
      /^$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/,
    );
    expect(row['Created (UTC ISO 8601)']).toMatch(ISO_UTC);
    expect(row['Last edited (UTC ISO 8601)']).toMatch(ISO_UTC);
    expect(row[`Created (${VIEWER_ZONE})`]).toBe(
      inZone(row['Created (UTC ISO 8601)'] ?? '', VIEWER_ZONE),
    );
  }
  await expect(page.getByText(`Downloaded ${String(total)} sessions as`)).toBeVisible();
  // One request per 100 sessions, at offsets 0 and 100, with the view's filter.
  const pages = exportPages(sessionsPage.apiRequests);
  expect(pages.map((url) => url.searchParams.get('offset'))).toEqual(['0', '100']);
  expect(pages).toHaveLength(Math.ceil(total / 100));
  for (const url of pages) {
    expect(url.searchParams.getAll('status')).toEqual(STATUSES);
  }
});

test('with times in the install’s zone, the file is named after the exam and reads as dates', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'status=scheduled');
  await sessionsPage.expectSettled();
  await page.getByRole('combobox', { name: 'Times in' }).selectOption('install');
  await expect(page).toHaveURL(/tz=install/);
  await sessionsPage.expectSettled();
  // The header has named the learner and the exam: the export takes those names.
  await expect(page.getByText('Maya Okonkwo', { exact: true })).toBeVisible();
  await expect(page.getByText('Chemistry Final Exam (CHEM 201)', { exact: true })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(
    new RegExp(`^Chemistry Final Exam - Maya Okonkwo - scheduled - ${DAY}\\.csv$`),
  );
  const [first, ...others] = await csvRows(await file.path());
  expect(others.length).toBeGreaterThan(0);
  const utc = found(first?.['Appointment (UTC ISO 8601)'], 'the first appointment in UTC');
  expect(utc).toMatch(ISO_UTC);
  const local = first?.[`Appointment (${INSTALL_ZONE})`];
  expect(local).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  expect(local).toBe(inZone(utc, INSTALL_ZONE));
  expect(first).toMatchObject({
    Learner: 'Maya Okonkwo',
    'Learner email': 'maya.okonkwo@gmail.com',
    Install: 'Northfield University',
    Exam: 'Chemistry Final Exam',
    Course: 'General Chemistry II (CHEM 201)',
    'Exam sid': DEMO_SIDS.busy.examSid,
  });
});

test('Cancel stops an export and Try again starts it anew', async ({ page, sessionsPage }) => {
  await sessionsPage.goto(DEMO_SIDS.busy, VIEW);
  await sessionsPage.expectSettled();
  const release = await holdLaterExportPages(page);
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const cancel = page.getByRole('button', { name: 'Cancel export' });
  await expect(cancel).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Export cancelled; nothing was downloaded.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Try again' })).toBeFocused();
  release();

  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the export button and its progress pass axe', async ({ page, sessionsPage }) => {
      // Two axe runs over a page of rows take a while on a busy 2-core machine.
      test.slow();
      await sessionsPage.goto(DEMO_SIDS.busy, VIEW);
      await sessionsPage.expectSettled();
      await expect(page.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
      await expectNoViolations(page);

      const release = await holdLaterExportPages(page);
      await page.getByRole('button', { name: 'Export CSV' }).click();
      await expect(page.getByText(/^Page 1 of 2/)).toBeVisible();
      await expectNoViolations(page);
      await page.getByRole('button', { name: 'Cancel export' }).click();
      await expect(page.getByText('Export cancelled; nothing was downloaded.')).toBeVisible();
      release();
    });
  });
}

test('an empty view cannot be exported, and says why', async ({ page, sessionsPage }) => {
  await sessionsPage.goto(DEMO_SIDS.empty);
  await expect(page.getByRole('heading', { name: /^No (exam )?sessions/ })).toBeVisible();
  const exportButton = page.getByRole('button', { name: 'Export CSV' });
  await expect(exportButton).toBeDisabled();
  await expect(exportButton).toHaveAccessibleDescription('No sessions in this view to export.');
});
