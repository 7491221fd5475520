/**
 * Staff triage on demo data: the status filter's counts agree with the rows each status shows,
 * a count that cannot be had reads "–", and the triage presets are links to their views.
 */
import type { Locator } from '@playwright/test';
import { FILTERABLE_STATUSES } from '#src/api/contract/session-status.ts';
import { STATUS_SLUGS } from '#src/lib/list-search.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { expectNoViolations } from './axe.ts';
import { expect, test, type SessionsPage } from './sessions-page.ts';

/** The chip of a status filter: its label, whose visible text is the status and its count. */
function chip(sessionsPage: SessionsPage, status: string): Locator {
  return sessionsPage.statusFilter(status).locator('xpath=ancestor::label');
}

/** The total the pager shows for the view on screen, e.g. 9 from "1–9 of 9". */
async function shownTotal(sessionsPage: SessionsPage): Promise<number> {
  await sessionsPage.expectSettled();
  const range = (await sessionsPage.range.textContent()) ?? '';
  return Number(/of ([\d,]+)$/.exec(range)?.[1]?.replaceAll(',', ''));
}

function presets(sessionsPage: SessionsPage): Locator {
  return sessionsPage.page.getByRole('navigation', { name: 'Triage presets' });
}

test('each status’s count is the total its filter shows', async ({ sessionsPage }) => {
  for (const status of FILTERABLE_STATUSES) {
    await sessionsPage.goto(DEMO_SIDS.busy, `status=${STATUS_SLUGS[status]}`);
    const total = await shownTotal(sessionsPage);

    expect(total).toBeGreaterThan(0);
    await expect(chip(sessionsPage, status)).toHaveText(new RegExp(`^${status}\\s*${total}\\s*✓$`));
    await expect(sessionsPage.statusFilter(status)).toHaveAccessibleDescription(
      new RegExp(`^${total} sessions\\. `),
    );
  }
});

test('counts follow includeActive, and a page change asks for none', async ({ sessionsPage }) => {
  const countRequests = () =>
    sessionsPage.apiRequests.filter((request) => request.url().includes('/session-counts?'));
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();
  await expect(chip(sessionsPage, 'Closed')).toHaveText(/^Closed\s*60$/);
  // One request, or none when the server had them and sent them with the page.
  const first = countRequests().length;
  expect(first).toBeLessThanOrEqual(1);

  await sessionsPage.next.click();
  await sessionsPage.expectSettled();
  await sessionsPage.toggleStatus('Incident');
  await sessionsPage.expectSettled();
  expect(countRequests()).toHaveLength(first);

  // The demo learner has one session in progress: the list adds it to any status, the counts
  // keep each status alone.
  await sessionsPage.includeActive.click();
  await expect.poll(() => countRequests().length).toBe(first + 1);
  expect(await shownTotal(sessionsPage)).toBe(10);
  await expect(chip(sessionsPage, 'Closed')).toHaveText(/^Closed\s*60$/);
  await expect(chip(sessionsPage, 'Incident')).toHaveText(/^Incident\s*9\s*✓$/);
  const filters = sessionsPage.page.getByRole('region', { name: 'Filters' });
  await expect(filters.getByText(/in progress/)).toHaveText(
    '+ 1 in progress, shown with every status and not counted in them',
  );
  const statuses = (await sessionsPage.rowData()).map((row) => row.status);
  expect(statuses.filter((status) => status === 'Incident')).toHaveLength(9);
  expect(statuses.filter((status) => status === 'In Progress')).toHaveLength(1);
});

test('counts that cannot be had read "–" and leave the rows alone', async ({
  page,
  sessionsPage,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 504\b.*\/session-counts\?/);
  await page.route(/\/session-counts\?/, (route) =>
    route.fulfill({
      status: 504,
      json: { code: 'upstream_timeout', message: 'Too slow.', status: 504 },
    }),
  );
  await sessionsPage.goto(DEMO_SIDS.busy);
  await sessionsPage.expectSettled();
  // Counts the page did not come with: the server may have sent those of the view it rendered.
  await sessionsPage.includeActive.click();
  await sessionsPage.expectSettled();

  for (const status of FILTERABLE_STATUSES) {
    await expect(chip(sessionsPage, status)).toHaveText(new RegExp(`^${status}\\s*–$`));
    await expect(sessionsPage.statusFilter(status)).toHaveAccessibleDescription(
      /^count unavailable\. /,
    );
  }
  await expect(sessionsPage.alert).toHaveCount(0);
  await expect(sessionsPage.rows()).toHaveCount(25);
});

test('"Needs action" shows the sessions waiting for staff, in the zone already chosen', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'page=2&tz=utc');
  await sessionsPage.expectSettled();

  const needsAction = presets(sessionsPage).getByRole('link', { name: 'Needs action' });
  await needsAction.click();

  await expect(page).toHaveURL(
    /\?status=needs-proctor&status=pending-approval&status=incident&tz=utc$/,
  );
  await expect(needsAction).toHaveAttribute('aria-current', 'true');
  // 14 Needs Proctor, 12 Pending Approval and 9 Incident in the demo; Approval Denied waits on
  // the learner.
  expect(await shownTotal(sessionsPage)).toBe(35);
  const statuses = new Set((await sessionsPage.rowData()).map((row) => row.status));
  expect(
    [...statuses].filter(
      (status) => !['Needs Proctor', 'Pending Approval', 'Incident'].includes(status),
    ),
  ).toEqual([]);
});

test('"Oldest waiting" puts the session that has waited longest first', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy, 'tz=utc');
  await sessionsPage.expectSettled();

  await presets(sessionsPage).getByRole('link', { name: 'Oldest waiting' }).click();

  await expect(page).toHaveURL(
    /\?status=needs-proctor&status=pending-approval&sort=createdDate\.asc&tz=utc$/,
  );
  expect(await shownTotal(sessionsPage)).toBe(26);
  const created = (await sessionsPage.rowData()).map((row) => Date.parse(row.created));
  expect(created).toEqual(created.toSorted((a, b) => a - b));
  // Waits count from creation, so the first row has waited longest; the demo's oldest is months.
  await expect(sessionsPage.rows().first()).toContainText(/waiting \d+ d, overdue/);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('the presets and the status chips with their counts show at once, each once', async ({
    page,
    sessionsPage,
  }) => {
    await sessionsPage.goto(DEMO_SIDS.busy);
    await expect(sessionsPage.cards().first()).toBeVisible();
    await expect(presets(sessionsPage).getByRole('link', { name: 'History' })).toBeVisible();

    // Not folded away: the status filter is in sight with its counts, in its order.
    await expect(chip(sessionsPage, 'Needs Proctor')).toHaveText(/^Needs Proctor\s*14$/);
    await expect(chip(sessionsPage, 'Processing')).toHaveText(/^Processing\s*10$/);
    await expect(page.getByRole('checkbox', { name: 'Incident', exact: true })).toHaveCount(1);
    await expectNoViolations(page);

    await sessionsPage.toggleStatus('Incident');
    await expect(page).toHaveURL(/\?status=incident$/);
    await expect(sessionsPage.cards()).toHaveCount(9);
    await expect(chip(sessionsPage, 'Incident')).toHaveText(/^Incident\s*9\s*✓$/);
  });
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test('the list with counts and presets passes axe', async ({ page, sessionsPage }) => {
      await sessionsPage.goto(DEMO_SIDS.busy, 'status=scheduled&sort=createdDate.asc');
      await sessionsPage.expectSettled();
      await expect(chip(sessionsPage, 'Scheduled')).toHaveText(/^Scheduled\s*22\s*✓$/);
      await expect(presets(sessionsPage).getByRole('link', { name: 'Upcoming' })).toHaveAttribute(
        'aria-current',
        'true',
      );
      await expectNoViolations(page);
    });
  });
}
