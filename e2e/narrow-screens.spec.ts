/**
 * A staff member on a 390 px phone: no page scrolls sideways, whatever it shows (the list, a
 * session, the home page, sign-in, and a page that does not exist with its long address).
 */
import type { Page } from '@playwright/test';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { expect, test } from './sessions-page.ts';

// No mobile emulation: it would widen the window to the content and hide the overflow.
test.use({ viewport: { width: 390, height: 844 } });

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(innerWidth).toBe(390);
  expect(scrollWidth, 'the page’s width').toBeLessThanOrEqual(innerWidth);
}

test('the list and a session opened from it fit the phone’s width', async ({
  page,
  sessionsPage,
}) => {
  await sessionsPage.goto(DEMO_SIDS.busy);
  const card = sessionsPage.cards().first();
  await expect(card).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' })).toContainText('Learner');
  await expectNoSidewaysScroll(page);

  const sid = (await card.getByRole('link').textContent()) ?? '';
  await card.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: `Exam session ${sid}` })).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test('the home page and sign-in fit the phone’s width', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: /Chemistry final/ })).toBeVisible();
  await expectNoSidewaysScroll(page);

  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectNoSidewaysScroll(page);
});

test('the not-found page fits the phone’s width, even for a long address', async ({
  page,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 404\b/);
  await page.goto('/no/such/page/with/a/long/address/that/goes/on/and/on/and/on');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expectNoSidewaysScroll(page);
});
