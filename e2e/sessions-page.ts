/**
 * The e2e fixture: a `sessionsPage` object with role and label locators, the /api/v1 requests the
 * page made, and a guard that fails every test on a page error or an unexpected console error.
 */
import { test as base, expect, type Locator, type Page, type Request } from '@playwright/test';
import { sessionListEndpoint, type SessionListSids } from '#src/api/contract/session-list.ts';
import { sessionsPath } from '#src/lib/paths.ts';

/** What a table row shows, read from the DOM. */
export interface RowData {
  sid: string;
  status: string;
  /** The Created cell's `<time datetime>`, an ISO timestamp. */
  created: string;
  /** The Last edited cell's, likewise. */
  edited: string;
}

export class ConsoleErrors {
  readonly seen: string[] = [];
  private readonly allowed: RegExp[] = [];

  /** A test that provokes an error (a failed /api call logs one in Chromium) says so first. */
  allow(pattern: RegExp): void {
    this.allowed.push(pattern);
  }

  unexpected(): string[] {
    return this.seen.filter((line) => !this.allowed.some((pattern) => pattern.test(line)));
  }
}

export class SessionsPage {
  /** Every request to our list API (/api/v1/…) the page made, in order. */
  readonly apiRequests: Request[] = [];

  readonly table: Locator;
  /** The view options' disclosure at narrow widths: "View options · 2 changed". */
  readonly viewOptionsButton: Locator;
  readonly pager: Locator;
  readonly range: Locator;
  readonly createdHeader: Locator;
  readonly includeActive: Locator;
  readonly rowsPerPage: Locator;
  readonly copyLink: Locator;
  readonly notice: Locator;
  readonly alert: Locator;
  readonly first: Locator;
  readonly previous: Locator;
  readonly next: Locator;
  readonly last: Locator;

  constructor(readonly page: Page) {
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/v1/')) this.apiRequests.push(request);
    });
    this.table = page.getByRole('table');
    this.viewOptionsButton = page.getByRole('button', { name: /^View options/ });
    this.pager = page.getByRole('navigation', { name: 'Pages' });
    this.range = this.pager.getByText(/^[\d,]+(–[\d,]+)? of [\d,]+$/);
    this.createdHeader = page.getByRole('columnheader', { name: /Created/ });
    this.includeActive = page.getByRole('switch', { name: 'Include in-progress sessions' });
    this.rowsPerPage = page.getByRole('combobox', { name: 'Rows per page' });
    this.copyLink = page.getByRole('button', { name: 'Copy link', exact: true });
    this.notice = page
      .getByRole('status')
      .filter({ has: page.getByRole('button', { name: 'Dismiss notice' }) });
    this.alert = page.getByRole('alert');
    this.first = this.pager.getByRole('button', { name: 'First', exact: true });
    this.previous = this.pager.getByRole('button', { name: 'Previous', exact: true });
    this.next = this.pager.getByRole('button', { name: 'Next', exact: true });
    this.last = this.pager.getByRole('button', { name: 'Last', exact: true });
  }

  /** The list requests alone (/api/v1/…/sessions), without the learner and install lookups. */
  listRequests(): Request[] {
    return this.apiRequests.filter((request) =>
      new URL(request.url()).pathname.endsWith('/sessions'),
    );
  }

  /** Opens a learner's sessions; `search` is the query as a user would paste it, without "?". */
  async goto(sids: SessionListSids, search = ''): Promise<void> {
    await this.page.goto(sessionsPath(sids, search));
    // Not when sent to sign in, nor for malformed sids: their page has none of the list's extras.
    const onList = new URL(this.page.url()).pathname === sessionsPath(sids);
    if (onList && sessionListEndpoint.parseSids(sids).ok) await this.expectExtras();
  }

  /**
   * The server's HTML of the list's extras (view options, presets, export…) shows at once, but
   * works only once their code has come, after hydration when idle: the shortcut hint says so.
   */
  async expectExtras(): Promise<void> {
    await expect(this.page.getByText('Press ? for keyboard shortcuts.')).toBeAttached();
  }

  statusFilter(label: string): Locator {
    return this.page.getByRole('checkbox', { name: label, exact: true });
  }

  /** Clicks a status chip; its checkbox is visually hidden, so the click lands on the label. */
  async toggleStatus(label: string): Promise<void> {
    await this.statusFilter(label).locator('xpath=ancestor::label').click();
  }

  /** Data rows only: the header row has no cells, and loading placeholders are aria-hidden. */
  rows(): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('cell') });
  }

  /** A data row's one tab stop: its session sid, a link to the session's detail. */
  rowLink(index: number): Locator {
    return this.rows().nth(index).getByRole('link');
  }

  /** The rows as a narrow screen shows them, each a card: the same elements, styled apart. */
  cards(): Locator {
    return this.rows();
  }

  /** Waits until the rows on screen belong to the view in the URL, not a previous one. */
  async expectSettled(): Promise<void> {
    // The URL changes a moment before its view renders: first the table must show the URL's view.
    await expect
      .poll(async () => {
        const shown = await this.table.getAttribute('data-view');
        const inUrl = new URL(this.page.url()).search.replace(/^\?/, '');
        return shown === null ? `no table (URL ${inUrl})` : shown === inUrl ? 'same' : shown;
      }, 'the table shows the view in the URL')
      .toBe('same');
    await expect(this.table).toHaveAttribute('aria-busy', 'false');
    await expect(this.rows().first()).toBeVisible();
    await this.expectExtras();
  }

  async rowData(): Promise<RowData[]> {
    await this.expectSettled();
    return this.rows().evaluateAll((rows) =>
      rows.map((row) => {
        // The sid is the row's header cell; status, type, appointment, created and edited follow.
        const cells = row.querySelectorAll('td');
        return {
          sid: row.querySelector('th a')?.textContent ?? '',
          // The chip alone, first in its cell: a waiting session's cell also says how long.
          status: cells[0]?.firstElementChild?.textContent ?? '',
          created: cells[3]?.querySelector('time')?.getAttribute('datetime') ?? '',
          edited: cells[4]?.querySelector('time')?.getAttribute('datetime') ?? '',
        };
      }),
    );
  }
}

/** A value a test needs in order to go on; its absence fails the test with a reason. */
/** Waits for a second in which `requests`, a list a page's request handler fills, did not grow. */
export async function quietForASecond(requests: readonly unknown[]): Promise<void> {
  let counted = -1;
  await expect
    .poll(
      () => {
        const quiet = requests.length === counted;
        counted = requests.length;
        return quiet;
      },
      { intervals: [1000] },
    )
    .toBe(true);
}

export function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Expected ${what}, found none.`);
  return value;
}

export const test = base.extend<{
  consoleErrors: ConsoleErrors;
  errorGuard: undefined;
  sessionsPage: SessionsPage;
}>({
  consoleErrors: async ({ page }, use) => {
    const errors = new ConsoleErrors();
    page.on('console', (message) => {
      if (message.type() === 'error') {
        const { url } = message.location();
        errors.seen.push(`${message.text()}${url ? ` (${url})` : ''}`);
      }
    });
    page.on('pageerror', (error) => errors.seen.push(`page error: ${error.message}`));
    await use(errors);
  },
  errorGuard: [
    async ({ consoleErrors }, use) => {
      await use(undefined);
      expect(consoleErrors.unexpected(), 'console or page errors').toEqual([]);
    },
    { auto: true },
  ],
  sessionsPage: async ({ page }, use) => {
    await use(new SessionsPage(page));
  },
});

export { expect };
