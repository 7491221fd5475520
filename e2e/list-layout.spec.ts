/**
 * The list's layout on a laptop and a phone, and its keyboard order: every column fits at
 * 1280 px, a dozen rows show at 1366 × 768 before any scrolling, sessions become cards at 375 px
 * with the view options folded behind one button, and each row is a single tab stop (its sid link).
 */
import type { Locator, Page } from '@playwright/test';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { DEMO_USERS } from '#server/demo-upstream/detail-fixtures.ts';
import { expect, found, test } from './sessions-page.ts';

/** The page once the learner's and install's names (which come after the rows) are in. */
async function namesShown(page: Page): Promise<void> {
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText(
    DEMO_USERS.busyLearner.name,
  );
}

/** Whether an element's content is wider than its box, i.e. it scrolls sideways. */
function scrollsSideways(element: Locator): Promise<boolean> {
  return element.evaluate((node) => node.scrollWidth > node.clientWidth);
}

/** How many of `items` lie wholly inside the window as it is, without scrolling. */
function countFullyInView(items: Locator): Promise<number> {
  return items.evaluateAll(
    (nodes) =>
      nodes.filter((node) => {
        const box = node.getBoundingClientRect();
        return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
      }).length,
  );
}

test.describe('on a laptop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('every column of the table fits without scrolling sideways', async ({
    page,
    sessionsPage,
  }) => {
    await sessionsPage.goto(DEMO_SIDS.busy);
    await sessionsPage.expectSettled();

    await expect(page.getByRole('columnheader', { name: 'Last edited' })).toBeVisible();
    // The table's own scroll container, and the page.
    expect(await scrollsSideways(sessionsPage.table.locator('xpath=..'))).toBe(false);
    await namesShown(page);
    expect(await scrollsSideways(page.locator('html'))).toBe(false);
    // The zone is named once, on top of the rows, rather than in every date.
    await expect(page.getByRole('combobox', { name: 'Times in' })).toHaveValue('viewer');
  });

  test('each row is one tab stop: Tab goes from the sort button to row link after row link', async ({
    page,
    sessionsPage,
  }) => {
    await sessionsPage.goto(DEMO_SIDS.busy);
    await sessionsPage.expectSettled();

    await sessionsPage.createdHeader.getByRole('button').focus();
    for (const index of [0, 1, 2]) {
      await page.keyboard.press('Tab');
      const link = sessionsPage.rowLink(index);
      await expect(link).toBeFocused();
      const { sid } = found((await sessionsPage.rowData())[index], `row ${String(index)}`);
      await expect(link).toHaveAccessibleName(sid);
    }
  });
});

test.describe('on a 1366 × 768 laptop', () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test('a staff member sees at least ten whole rows under the demo banner without scrolling', async ({
    page,
    sessionsPage,
  }) => {
    await sessionsPage.goto(DEMO_SIDS.busy);
    await sessionsPage.expectSettled();
    await namesShown(page);
    await expect(page.getByRole('complementary', { name: 'Demo mode' })).toBeVisible();

    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await countFullyInView(sessionsPage.rows())).toBeGreaterThanOrEqual(10);
    // The presets, the statuses and Reset view share one line.
    const filters = page.getByRole('region', { name: 'Filters' });
    const history = found(
      (await filters.getByRole('link', { name: 'History' }).boundingBox()) ?? undefined,
      'the History preset’s box',
    );
    const reset = found(
      (await filters.getByRole('button', { name: 'Reset view' }).boundingBox()) ?? undefined,
      'the Reset view button’s box',
    );
    expect(Math.abs(history.y + history.height / 2 - (reset.y + reset.height / 2))).toBeLessThan(4);
  });

  test('after Next from the bottom of the page, the new page is read from the table’s top', async ({
    page,
    sessionsPage,
  }) => {
    await sessionsPage.goto(DEMO_SIDS.busy);
    await sessionsPage.expectSettled();
    await sessionsPage.next.scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

    await sessionsPage.next.click();

    await expect(sessionsPage.range).toHaveText(/^26–50 of /);
    await sessionsPage.expectSettled();
    await expect(sessionsPage.createdHeader).toBeInViewport();
    await expect(sessionsPage.rows().first()).toBeInViewport();
    await expect(page.getByRole('region', { name: 'Session results' })).toBeFocused();
  });
});

test.describe('on a 390 × 844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the first session card is whole on the first screen, and the status chips show once', async ({
    page,
    sessionsPage,
  }) => {
    await sessionsPage.goto(DEMO_SIDS.busy);
    await expect(sessionsPage.cards().first()).toBeVisible();
    await namesShown(page);

    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await countFullyInView(sessionsPage.cards())).toBeGreaterThanOrEqual(1);
    for (const status of ['Needs Proctor', 'Incident', 'Processing']) {
      await expect(page.getByRole('checkbox', { name: status, exact: true })).toHaveCount(1);
      await expect(page.getByRole('link', { name: new RegExp(`^${status} \\d`) })).toHaveCount(0);
    }
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });

  test('cards show each session without sideways scrolling, and a tap on a card’s link opens it', async ({
    page,
    sessionsPage,
  }) => {
    await sessionsPage.goto(DEMO_SIDS.busy, 'status=incident&includeActive=true');

    const card = sessionsPage.cards().first();
    await expect(card).toBeVisible();
    // The header row is for screen readers only; the card labels its fields.
    await expect(page.getByRole('columnheader', { name: 'Type' })).not.toBeInViewport();
    // Each field is labelled on the card (for the eye: screen readers have the column headers);
    // the last edit is left off it for room.
    await expect(card.getByRole('cell')).toHaveCount(4);
    const labels = await card
      .getByRole('cell')
      .evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell, '::before').content));
    expect(labels).toEqual(['none', '"Type" / ""', '"Appointment" / ""', '"Created" / ""']);
    await namesShown(page);
    expect(await scrollsSideways(page.locator('html'))).toBe(false);

    // The status reads on the card, in words.
    await expect(card.getByText('Incident', { exact: true })).toBeVisible();
    const link = card.getByRole('link');
    const sid = (await link.textContent()) ?? '';
    expect(sid).toMatch(/^ES/);
    const box = found((await link.boundingBox()) ?? undefined, 'the link’s box');
    expect(box.height).toBeGreaterThanOrEqual(24);

    await link.tap();

    await expect(
      page.getByRole('heading', { level: 1, name: `Exam session ${sid}` }),
    ).toBeVisible();
  });

  test('the view options fold behind a button that says how many are changed; Escape closes it', async ({
    page,
    sessionsPage,
  }) => {
    await sessionsPage.goto(DEMO_SIDS.busy, 'status=incident&includeActive=true');
    await expect(sessionsPage.cards().first()).toBeVisible();

    // The statuses are filters and stay in sight; the options fold.
    await expect(sessionsPage.statusFilter('Incident')).toBeChecked();
    const options = sessionsPage.viewOptionsButton;
    // Folded, the button names the zone every time shown is in.
    await expect(options).toHaveText(/^View options · 1 changedTimes in \S+$/);
    await expect(options).toHaveAttribute('aria-expanded', 'false');
    await expect(sessionsPage.includeActive).toBeHidden();

    await options.tap();
    await expect(options).toHaveAttribute('aria-expanded', 'true');
    await expect(sessionsPage.includeActive).toBeVisible();
    await expect(sessionsPage.includeActive).toHaveAttribute('aria-checked', 'true');
    await namesShown(page);
    expect(await scrollsSideways(page.locator('html'))).toBe(false);

    await sessionsPage.includeActive.focus();
    await page.keyboard.press('Escape');
    await expect(options).toHaveAttribute('aria-expanded', 'false');
    await expect(options).toBeFocused();
  });
});
