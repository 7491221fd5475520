/**
 * The accessibility checks every spec shares: axe with the WCAG 2.x A and AA rules, and the
 * theme a page shows.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './sessions-page.ts';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Fails with one readable line per violation: rule, what it means, and where. */
export async function expectNoViolations(page: Page): Promise<void> {
  // axe is CPU-bound: on a busy 2-core machine one page took over 20 s, so the default timeout
  // measured the machine's load, not the page (a detail with its raw fields timed out 5 in 10).
  test.slow();
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  expect(
    violations.map(
      (violation) =>
        `${violation.id}: ${violation.help} at ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    ),
  ).toEqual([]);
}

/** The page's background luminance (0 black … 1 white): the theme in effect, as the user sees it. */
export async function backgroundLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const probe = document.createElement('canvas').getContext('2d');
    if (probe === null) throw new Error('No 2D canvas to read a colour with.');
    // A canvas reads any CSS colour syntax back as plain sRGB bytes.
    probe.fillStyle = getComputedStyle(document.documentElement).backgroundColor;
    probe.fillRect(0, 0, 1, 1);
    const [red = 0, green = 0, blue = 0] = probe.getImageData(0, 0, 1, 1).data;
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255;
  });
}
