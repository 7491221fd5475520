/**
 * The list's layout on a laptop and a phone, and its keyboard order: every column fits at
 * 1280 px, sessions become cards at 375 px with the filters folded behind one button, and each
 * row is a single tab stop (its sid link).
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
    // The zone is named once on screen rather than in every date.
    await expect(page.getByText(/^Times in \S+$/)).toBeVisible();
    await expect(sessionsPage.cardList).toBeHidden();
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

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, hasTouch: true, isMobile: true });

  test('cards show each session without sideways scrolling, and a tap on a card’s link opens it', async ({
    page,
    sessionsPage,
  }) => {
    await sessionsPage.goto(DEMO_SIDS.busy, 'status=incident&includeActive=true');

    const card = sessionsPage.cards().first();
    await expect(card).toBeVisible();
    await expect(sessionsPage.table).toBeHidden();
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

  test('the filters fold behind a button that says how many are on; Escape closes it', async ({
    page,
    sessionsPage,
  }) => {
    await sessionsPage.goto(DEMO_SIDS.busy, 'status=incident&includeActive=true');
    await expect(sessionsPage.cards().first()).toBeVisible();

    const filters = sessionsPage.filtersButton;
    await expect(filters).toHaveText('Filters · 2 on');
    await expect(filters).toHaveAttribute('aria-expanded', 'false');
    await expect(sessionsPage.statusFilter('Incident')).toBeHidden();

    await filters.tap();
    await expect(filters).toHaveAttribute('aria-expanded', 'true');
    await expect(sessionsPage.includeActive).toBeVisible();
    await expect(sessionsPage.statusFilter('Incident')).toBeChecked();
    await namesShown(page);
    expect(await scrollsSideways(page.locator('html'))).toBe(false);

    await sessionsPage.includeActive.focus();
    await page.keyboard.press('Escape');
    await expect(filters).toHaveAttribute('aria-expanded', 'false');
    await expect(filters).toBeFocused();
  });
});
