/**
 * A theme picked in the header is applied before the first paint of every page that follows: by
 * index.html's inline script, which the Content-Security-Policy allows by its hash, with no
 * request for the first paint to wait on.
 */
import type { Page } from '@playwright/test';
import { sessionsPath } from '#src/lib/paths.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { backgroundLuminance } from './axe.ts';
import { expect, test } from './sessions-page.ts';

interface FirstPaintProbe {
  /** performance.now() when <html> got its data-theme, and whether <body> existed by then. */
  themeSet: { at: number; value: string | null; bodyParsed: boolean } | null;
  violations: string[];
}

declare global {
  interface Window {
    firstPaintProbe?: FirstPaintProbe;
  }
}

/** Runs in each new document before its own scripts: watches for data-theme and CSP refusals. */
function installProbe(): void {
  const probe: FirstPaintProbe = { themeSet: null, violations: [] };
  window.firstPaintProbe = probe;
  new MutationObserver(() => {
    const root = document.documentElement;
    if (probe.themeSet === null && root.hasAttribute('data-theme')) {
      probe.themeSet = {
        at: performance.now(),
        value: root.getAttribute('data-theme'),
        bodyParsed: document.querySelector('body') !== null,
      };
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-theme'] });
  document.addEventListener('securitypolicyviolation', (event) => {
    probe.violations.push(`${event.effectiveDirective} refused ${event.blockedURI}`);
  });
}

/** What the probe saw, and when the browser first painted (null until it has). */
async function firstPaint(page: Page) {
  return page.evaluate(() => ({
    probe: window.firstPaintProbe ?? null,
    paintedAt: performance.getEntriesByName('first-paint')[0]?.startTime ?? null,
    dataTheme: document.documentElement.getAttribute('data-theme'),
    // Scripts that hold the parser: a classic script with src would make the first paint wait.
    blockingScripts: document.querySelectorAll('head script[src]:not([type="module"])').length,
  }));
}

const PAGES = [
  { name: 'home', path: '/' },
  { name: 'a list', path: sessionsPath(DEMO_SIDS.busy) },
  { name: 'sign-in', path: '/sign-in' },
  { name: 'not found', path: '/no/such/page' },
];

// The system says light, so only the stored choice can make the page dark.
test.use({ colorScheme: 'light' });

test('a stored Dark applies before the first paint on every page, with no CSP refusal', async ({
  page,
  consoleErrors,
}) => {
  consoleErrors.allow(/status of 404\b.*\/no\/such\/page\)/);
  const cspMessages: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to execute/i.test(message.text())) {
      cspMessages.push(message.text());
    }
  });
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('Dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.addInitScript(installProbe);
  for (const { name, path } of PAGES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect.poll(async () => (await firstPaint(page)).paintedAt, name).not.toBeNull();
    const { probe, paintedAt, dataTheme, blockingScripts } = await firstPaint(page);

    expect(probe?.themeSet, name).toMatchObject({ value: 'dark', bodyParsed: false });
    expect(probe?.themeSet?.at ?? Infinity, name).toBeLessThan(paintedAt ?? 0);
    expect(probe?.violations, name).toEqual([]);
    expect(blockingScripts, name).toBe(0);
    expect(dataTheme, name).toBe('dark');
    expect(await backgroundLuminance(page), name).toBeLessThan(0.2);
  }
  expect(cspMessages).toEqual([]);
});

test('Light stored on a dark system applies before the first paint too', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('Light');

  await page.addInitScript(installProbe);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect.poll(async () => (await firstPaint(page)).paintedAt).not.toBeNull();
  const { probe, paintedAt } = await firstPaint(page);

  expect(probe?.themeSet).toMatchObject({ value: 'light', bodyParsed: false });
  expect(probe?.themeSet?.at ?? Infinity).toBeLessThan(paintedAt ?? 0);
  expect(probe?.violations).toEqual([]);
  expect(await backgroundLuminance(page)).toBeGreaterThan(0.8);
});
