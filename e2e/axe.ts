/** The accessibility checks every spec shares: axe with the WCAG 2.x A and AA rules. */
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
