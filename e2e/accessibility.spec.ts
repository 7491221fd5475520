/**
 * WCAG 2.2 A and AA, checked by axe on every page and state a staff member can reach, in the
 * light and the dark theme (the theme follows the system until the user picks one, so emulating
 * the system's scheme shows each).
 */
import type { Page } from '@playwright/test';
import { sessionsPath } from '#src/lib/paths.ts';
import { DEMO_SIDS, faultSids, type DemoFaultName } from '#server/demo-upstream/data.ts';
import { backgroundLuminance, expectNoViolations } from './axe.ts';
import { expect, found, test } from './sessions-page.ts';

/** Errors each state below asks for on purpose (the console guard fails any other). */
const EXPECTED_API_ERRORS = /status of (404|409|429|502|504)\b.*\/api\/v1\//;

/** Faults whose panels show at once (no retries), one of each kind of way forward. */
const FAULT_STATES: { fault: DemoFaultName; title: RegExp }[] = [
  { fault: 'notFound', title: /The demo has no data/ },
  { fault: 'malformed', title: /cannot read/ },
  { fault: 'slow', title: /took too long/ },
  { fault: 'tokenRefused', title: /refused/ },
];

/**
 * The demo's rate limit stays open for 30 s once honoured, so its countdown panel (the same
 * panel as above, with a held button) is checked once, in the light theme, before it recovers.
 */
const RATE_LIMITED = { fault: 'rateLimited', title: /Too many requests/ } as const;

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test.beforeEach(({ consoleErrors }) => {
      consoleErrors.allow(EXPECTED_API_ERRORS);
    });

    async function expectTheme(page: Page): Promise<void> {
      const luminance = await backgroundLuminance(page);
      if (colorScheme === 'dark') expect(luminance).toBeLessThan(0.2);
      else expect(luminance).toBeGreaterThan(0.8);
    }

    test('the list with rows', async ({ page, sessionsPage }) => {
      await sessionsPage.goto(DEMO_SIDS.busy, 'status=incident&status=closed');
      await expect(sessionsPage.rows().first()).toBeVisible();
      await expectTheme(page);
      await expectNoViolations(page);
    });

    test('the list while its rows load', async ({ page }) => {
      await page.goto('/');
      // Hold the list's answer until axe has looked at the skeleton, then let it through.
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route(/\/api\/v1\/.*\/sessions\?/, async (route) => {
        await held;
        await route.continue();
      });
      await page.getByRole('link', { name: /Chemistry final/ }).click();
      await expect(page.getByRole('table')).toHaveAttribute('aria-busy', 'true');
      await expectNoViolations(page);
      release();
      await expect(page.getByRole('table')).toHaveAttribute('aria-busy', 'false');
    });

    test('an empty list', async ({ page, sessionsPage }) => {
      await sessionsPage.goto(DEMO_SIDS.empty);
      await expect(page.getByRole('heading', { name: /^No (exam )?sessions/ })).toBeVisible();
      await expectNoViolations(page);
    });

    test('a list link with a bad sid and one with bad query values', async ({
      page,
      sessionsPage,
    }) => {
      await page.goto(sessionsPath({ ...DEMO_SIDS.busy, examSid: 'EXnot-a-sid' }));
      await expect(page.getByRole('alert', { name: /malformed exam sid/ })).toBeVisible();
      await expectNoViolations(page);

      await sessionsPage.goto(DEMO_SIDS.busy, 'limit=33&status=bogus');
      await expect(sessionsPage.notice).toBeVisible();
      await expectNoViolations(page);
    });

    for (const { fault, title } of FAULT_STATES) {
      test(`the error panel for the "${fault}" fault`, async ({ page, sessionsPage }) => {
        await sessionsPage.goto(faultSids(fault));
        await expect(page.getByRole('alert', { name: title })).toBeVisible({ timeout: 15_000 });
        await page.getByText('Details for your administrator').click();
        await expectNoViolations(page);
      });
    }

    if (colorScheme === 'light') {
      test('the rate-limit countdown panel', async ({ page, sessionsPage }) => {
        await sessionsPage.goto(faultSids(RATE_LIMITED.fault));
        await expect(page.getByRole('alert', { name: RATE_LIMITED.title })).toBeVisible({
          timeout: 15_000,
        });
        await expectNoViolations(page);
        // It recovers by itself; waiting for that leaves no hold behind for the next test.
        await expect(sessionsPage.rows().first()).toBeVisible({ timeout: 15_000 });
      });
    }

    test('a session’s detail, its timelines and its raw fields', async ({ page, sessionsPage }) => {
      await sessionsPage.goto(DEMO_SIDS.busy, 'status=incident');
      const [first] = await sessionsPage.rowData();
      const { sid } = found(first, 'an Incident session in the busy demo');
      await page.goto(`${sessionsPath(DEMO_SIDS.busy)}/${sid}`);
      const events = page.getByRole('region', { name: 'Integrity events' });
      // Its severity chips and a record's folded fields are checked too.
      await expect(events.getByText(/severity$/).first()).toBeVisible();
      await events
        .getByText(/^More fields/)
        .first()
        .click();
      await page.getByText(/^Other fields/).click();
      await expectNoViolations(page);
    });

    test('the home page, the sign-in page and a page that does not exist', async ({
      page,
      consoleErrors,
    }) => {
      consoleErrors.allow(/status of 404\b.*\/no\/such\/page\)/);
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectTheme(page);
      await expectNoViolations(page);

      await page.goto('/sign-in');
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
      await expectNoViolations(page);

      await page.goto('/no/such/page');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoViolations(page);
    });
  });
}
