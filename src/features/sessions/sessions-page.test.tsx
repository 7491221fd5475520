import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { expect, test, vi } from 'vitest';
import { SERVER_INFO_PATH, type ServerInfo } from '#src/api/contract/server-info.ts';
import { FILTERABLE_STATUSES } from '#src/api/contract/session-status.ts';
import { sessionListEndpoint } from '#src/api/contract/session-list.ts';
import {
  API_SESSIONS_PATH,
  API_SESSIONS_ROUTE,
  SESSIONS_PATH,
  SIDS,
  cycleStatuses,
  errorResponse,
  listSearch,
  makeSession,
  makeSessions,
  sessionSid,
  sessionsApi,
} from '#src/testing/session-fixtures.ts';
import { server } from '#src/testing/msw-server.ts';
import { renderRoute, currentUrl } from '#src/testing/render.tsx';
import { createQueryClient } from '#src/app/providers.tsx';

const ALL_STATUSES: string[] = [...FILTERABLE_STATUSES];

function renderSessions(search = '', path = SESSIONS_PATH, options?: { strict?: boolean }) {
  return renderRoute(`${path}${search}`, options);
}

function sessionsTable(): HTMLElement {
  return screen.getByRole('table', { name: /Exam sessions, sorted by created date/ });
}

function dataRows(): HTMLElement[] {
  const [, body] = within(sessionsTable()).getAllByRole('rowgroup');
  if (!body) throw new Error('The sessions table has no body');
  return within(body).queryAllByRole('row');
}

function cellIn(row: HTMLElement, column: string): HTMLElement {
  const headers = within(sessionsTable()).getAllByRole('columnheader');
  const index = headers.findIndex((header) => header.textContent.startsWith(column));
  // The sid is the row's header cell, the others are plain cells.
  const cells = [...within(row).queryAllByRole('rowheader'), ...within(row).getAllByRole('cell')];
  const cell = cells[index];
  if (index < 0 || !cell) throw new Error(`No "${column}" cell in this row`);
  return cell;
}

function shownSids(): string[] {
  return dataRows().map((row) => cellIn(row, 'Session').textContent);
}

function rowForSid(sid: string): HTMLElement {
  const row = dataRows().find((candidate) => within(cellIn(candidate, 'Session')).queryByText(sid));
  if (!row) throw new Error(`No row for ${sid}`);
  return row;
}

async function waitForSids(expected: string[]) {
  await waitFor(() => expect(shownSids()).toEqual(expected));
}

function sids(indexes: number[]): string[] {
  return indexes.map(sessionSid);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

function notice(text: RegExp): HTMLElement {
  const region = screen
    .getAllByRole('status')
    .find((candidate) => text.test(candidate.textContent));
  if (!region) throw new Error(`No status region says ${text}`);
  return region;
}

function pager() {
  const nav = screen.getByRole('navigation', { name: 'Pages' });
  return {
    nav,
    first: within(nav).getByRole('button', { name: 'First' }),
    previous: within(nav).getByRole('button', { name: 'Previous' }),
    next: within(nav).getByRole('button', { name: 'Next' }),
    last: within(nav).getByRole('button', { name: 'Last' }),
  };
}

test('a shared link opens exactly its view: filters, sort, page and page size', async () => {
  // 30 sessions alternate Incident / Pending Approval; 5 Closed ones must be filtered out.
  const api = sessionsApi(
    makeSessions([
      ...cycleStatuses(30, ['Incident', 'Pending Approval']),
      ...cycleStatuses(5, ['Closed']),
    ]),
  );
  server.use(api.handler);
  const { router } = renderSessions(
    '?status=incident&status=pending-approval&sort=createdDate.asc&page=2&limit=10',
  );

  await waitForSids(sids(range(10, 19)));

  expect(api.requests[0]?.pathname).toBe(API_SESSIONS_PATH);
  expect(api.requests[0]?.search).toBe(
    '?offset=10&limit=10&sortKeys=createdDate&sortOrder=ASC&status=Pending+Approval&status=Incident&includeActive=false',
  );
  expect(screen.getByRole('checkbox', { name: 'Incident' })).toBeChecked();
  expect(screen.getByRole('checkbox', { name: 'Pending Approval' })).toBeChecked();
  for (const status of ['Needs Proctor', 'Approval Denied', 'Scheduled', 'Closed', 'Processing']) {
    expect(screen.getByRole('checkbox', { name: status })).not.toBeChecked();
  }
  expect(screen.getByRole('columnheader', { name: /Created/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  expect(within(pager().nav).getByText('11–20 of 30')).toBeInTheDocument();
  expect(screen.getByText('30 sessions in this view')).toBeInTheDocument();
  expect(screen.getByRole('combobox', { name: 'Rows per page' })).toHaveValue('10');
  expect(screen.getByRole('switch', { name: 'Include in-progress sessions' })).toHaveAttribute(
    'aria-checked',
    'false',
  );
  // The same view, written canonically (statuses in API order), replacing the entry.
  await waitFor(() =>
    expect(currentUrl(router)).toBe(
      `${SESSIONS_PATH}?status=pending-approval&status=incident&sort=createdDate.asc&page=2&limit=10`,
    ),
  );
  expect(router.state.historyAction).toBe('REPLACE');
  expect(screen.queryByRole('button', { name: 'Dismiss notice' })).not.toBeInTheDocument();
});

test('the table shows skeleton rows and is busy until the first page arrives', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const api = sessionsApi(makeSessions(['Scheduled', 'Closed']), async (_url, answer) => {
    await gate;
    return answer();
  });
  server.use(api.handler);
  renderSessions();

  await waitFor(() => expect(api.requests).toHaveLength(1));
  expect(sessionsTable()).toHaveAttribute('aria-busy', 'true');
  expect(dataRows()).toHaveLength(0);
  expect(screen.getByText('Loading sessions…')).toBeInTheDocument();

  release();

  await waitForSids(sids([1, 0]));
  expect(sessionsTable()).toHaveAttribute('aria-busy', 'false');
  expect(screen.getByText('2 sessions in this view')).toBeInTheDocument();
});

test('status chips name every status in words, including ones the API cannot filter on', async () => {
  const statuses = [...ALL_STATUSES, 'Cancelled', 'In Progress', 'Quarantined', ''];
  const sessions = makeSessions(statuses);
  server.use(sessionsApi(sessions).handler);
  renderSessions('?includeActive=true&sort=createdDate.asc');

  await waitForSids(sessions.map((session) => session.sid));

  // The chip alone, first in its cell: a waiting session's cell also says how long.
  const chipText = dataRows().map((row) => cellIn(row, 'Status').firstElementChild?.textContent);
  expect(chipText).toEqual([
    ...ALL_STATUSES,
    'Cancelled',
    'In Progress',
    'Quarantined',
    'No status',
  ]);
});

test('a session without an appointment reads "Not scheduled"; one without a type reads "Not set"', async () => {
  const unscheduled = { ...makeSession(0, 'Needs Proctor'), sessionType: null };
  const scheduled = makeSession(1, 'Scheduled');
  server.use(sessionsApi([unscheduled, scheduled]).handler);
  renderSessions();

  await waitForSids([scheduled.sid, unscheduled.sid]);

  expect(cellIn(rowForSid(unscheduled.sid), 'Appointment')).toHaveTextContent(/^Not scheduled$/);
  expect(cellIn(rowForSid(unscheduled.sid), 'Type')).toHaveTextContent(/^Not set$/);
  expect(cellIn(rowForSid(scheduled.sid), 'Type')).toHaveTextContent(/^live$/);
  // The exact instant is in the markup, for assistive technology and for copying.
  const appointment = within(cellIn(rowForSid(scheduled.sid), 'Appointment')).getByText(/2026/);
  expect(appointment).toHaveAttribute('datetime', '2026-01-09T09:00:00.000Z');
});

test('ticking a status filters the list, returns to page 1 and can be undone with Reset view', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(cycleStatuses(80, ALL_STATUSES)));
  server.use(api.handler);
  const { router } = renderSessions('?page=3');
  await screen.findByText('51–75 of 80');

  await user.click(screen.getByRole('checkbox', { name: 'Incident' }));

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?status=incident`);
  expect(router.state.historyAction).toBe('PUSH');
  await waitFor(() =>
    expect(api.requests.map((url) => url.search)).toContain(listSearch({ statuses: ['Incident'] })),
  );
  // Sessions 4, 11, 18, … 74 are the Incident ones; newest first.
  await waitForSids(sids([74, 67, 60, 53, 46, 39, 32, 25, 18, 11, 4]));
  expect(screen.getByRole('checkbox', { name: 'Incident' })).toBeChecked();

  await user.click(screen.getByRole('checkbox', { name: 'Needs Proctor' }));

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?status=needs-proctor&status=incident`);
  await screen.findByText('1–23 of 23');

  await user.click(screen.getByRole('button', { name: 'Reset view' }));

  expect(currentUrl(router)).toBe(SESSIONS_PATH);
  expect(router.state.historyAction).toBe('PUSH');
  await screen.findByText('1–25 of 80');
  expect(screen.getByRole('button', { name: 'Reset view' })).toBeDisabled();
});

test('the Created header toggles oldest first and back to the default newest first', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(cycleStatuses(30, ['Scheduled', 'Closed'])));
  server.use(api.handler);
  const { router } = renderSessions('?page=2');
  await waitForSids(sids(range(0, 4).reverse()));
  const created = screen.getByRole('columnheader', { name: /Created/ });
  expect(created).toHaveAttribute('aria-sort', 'descending');
  expect(screen.getByRole('columnheader', { name: 'Status' })).not.toHaveAttribute('aria-sort');

  await user.click(within(created).getByRole('button', { name: /Created/ }));

  // Sorting starts again from page 1.
  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?sort=createdDate.asc`);
  expect(router.state.historyAction).toBe('PUSH');
  await waitForSids(sids(range(0, 24)));
  expect(api.requests.map((url) => url.search)).toContain(listSearch({ sortOrder: 'ASC' }));
  expect(screen.getByRole('columnheader', { name: /Created/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );

  await user.click(
    within(screen.getByRole('columnheader', { name: /Created/ })).getByRole('button'),
  );

  expect(currentUrl(router)).toBe(SESSIONS_PATH);
  await waitForSids(sids(range(5, 29).reverse()));
  expect(screen.getByRole('columnheader', { name: /Created/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
});

test('First, Previous, Next and Last move through the pages and stop at either end', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(cycleStatuses(60, ALL_STATUSES)));
  server.use(api.handler);
  const { router } = renderSessions();
  await screen.findByText('1–25 of 60');
  // Most views end on page 1: page 2 is fetched ahead only once the pointer reaches for Next.
  expect(api.requests.map((url) => url.searchParams.get('offset'))).toEqual(['0']);
  await user.hover(pager().next);
  await waitFor(() =>
    expect(api.requests.map((url) => url.searchParams.get('offset'))).toEqual(['0', '25']),
  );
  expect(api.priorities).toEqual([null, 'prefetch']);

  expect(pager().first).toBeDisabled();
  expect(pager().previous).toBeDisabled();
  expect(pager().next).toBeEnabled();
  expect(pager().last).toBeEnabled();
  expect(within(pager().nav).getByText(/Page 1 of 3/)).toBeInTheDocument();

  await user.click(pager().next);
  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2`);
  expect(router.state.historyAction).toBe('PUSH');
  await screen.findByText('26–50 of 60');
  await waitForSids(sids(range(10, 34).reverse()));

  await user.click(pager().last);
  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=3`);
  await screen.findByText('51–60 of 60');
  await waitForSids(sids(range(0, 9).reverse()));
  expect(pager().next).toBeDisabled();
  expect(pager().last).toBeDisabled();
  expect(pager().first).toBeEnabled();
  expect(pager().previous).toBeEnabled();

  await user.click(pager().previous);
  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2`);
  await screen.findByText('26–50 of 60');

  await user.click(pager().first);
  expect(currentUrl(router)).toBe(SESSIONS_PATH);
  await screen.findByText('1–25 of 60');

  // Each page was asked for once: paging through, the next page is fetched ahead.
  expect(api.requests.map((url) => url.searchParams.get('offset'))).toEqual(['0', '25', '50']);
  expect(api.priorities).toEqual([null, 'prefetch', 'prefetch']);
});

test('a new page is drawn in the rows already on screen, and a session another view still shows keeps its row', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(cycleStatuses(120, ALL_STATUSES)));
  server.use(api.handler);
  renderSessions();
  await screen.findByText('1–25 of 120');
  const firstPage = dataRows();

  await user.click(pager().next);
  await screen.findByText('26–50 of 120');
  await waitForSids(sids(range(70, 94).reverse()));
  // The same 25 rows, updated in place: building them anew is most of a page change's work.
  const nextPage = dataRows();
  expect(nextPage).toHaveLength(firstPage.length);
  nextPage.forEach((row, index) => expect(row).toBe(firstPage[index]));

  await user.click(pager().previous);
  await screen.findByText('1–25 of 120');
  const rowOfFirst = rowForSid(sessionSid(119));
  await user.selectOptions(screen.getByRole('combobox', { name: 'Rows per page' }), '50');
  await screen.findByText('1–50 of 120');
  // Focus or a hover on a session stays with it when the rows around it change.
  expect(rowForSid(sessionSid(119))).toBe(rowOfFirst);
  expect(dataRows()).toHaveLength(50);
});

test('a next page held back to spare the quota is asked for again as rows once Next is clicked', async () => {
  const user = userEvent.setup();
  const sessions = makeSessions(cycleStatuses(60, ALL_STATUSES));
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  // What the server does when the minute's budget runs low: extras wait, rows do not. The refusal
  // arrives after the click, so the page on screen is the one that was fetched ahead.
  const api = sessionsApi(sessions, async (_url, answer) => {
    if (api.priorities.at(-1) !== 'prefetch') return answer();
    await gate;
    return errorResponse('quota_held_back', 429, 'Held back to spare the API quota.', 20);
  });
  server.use(api.handler);
  // The app's own retry policy, which is what asks again.
  renderRoute(SESSIONS_PATH, { queryClient: createQueryClient({ retryDelay: () => 0 }) });
  await screen.findByText('1–25 of 60');

  await user.hover(pager().next);
  await waitFor(() => expect(api.priorities).toContain('prefetch'));
  await user.click(pager().next);
  release();

  await waitForSids(sids(range(10, 34).reverse()));
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  const asked = api.requests.map((url, index) => [
    url.searchParams.get('offset'),
    api.priorities[index],
  ]);
  expect(asked).toContainEqual(['25', null]);
});

test('choosing 50 rows per page puts limit=50 in the URL and returns to page 1', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(cycleStatuses(120, ALL_STATUSES)));
  server.use(api.handler);
  const { router } = renderSessions('?page=2');
  await screen.findByText('26–50 of 120');

  await user.selectOptions(screen.getByRole('combobox', { name: 'Rows per page' }), '50');

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?limit=50`);
  expect(router.state.historyAction).toBe('PUSH');
  await screen.findByText('1–50 of 120');
  expect(dataRows()).toHaveLength(50);
  expect(api.requests.map((url) => url.search)).toContain(listSearch({ limit: 50 }));
});

test('the in-progress switch asks the server to include active sessions', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(['Scheduled', 'In Progress', 'Closed']));
  server.use(api.handler);
  const { router } = renderSessions();
  await waitForSids(sids([2, 0]));
  const toggle = screen.getByRole('switch', { name: 'Include in-progress sessions' });
  expect(toggle).toHaveAttribute('aria-checked', 'false');

  await user.click(toggle);

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?includeActive=true`);
  expect(router.state.historyAction).toBe('PUSH');
  await waitForSids(sids([2, 1, 0]));
  expect(cellIn(rowForSid(sessionSid(1)), 'Status')).toHaveTextContent(/^In Progress$/);
  expect(api.requests.map((url) => url.search)).toEqual([
    listSearch({}),
    listSearch({ includeActive: true }),
  ]);
  expect(screen.getByRole('switch', { name: 'Include in-progress sessions' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
});

test('with a status filter, including in-progress sessions adds them beside the filtered ones', async () => {
  const api = sessionsApi(makeSessions(['Incident', 'In Progress', 'Closed', 'Incident']));
  server.use(api.handler);
  renderSessions('?status=incident&includeActive=true');

  await waitForSids(sids([3, 1, 0]));
  expect(cellIn(rowForSid(sessionSid(1)), 'Status')).toHaveTextContent(/^In Progress$/);
  expect(screen.getByText('3 sessions in this view')).toBeInTheDocument();
});

test('a link with invalid parts is repaired in place and says what was ignored', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(cycleStatuses(40, ALL_STATUSES)));
  server.use(api.handler);
  const { router } = renderSessions('?limit=33&status=bogus&foo=1&page=2');

  // Page 2 might be past the end, so the repair waits for the count and lands as one replace.
  await screen.findByText('26–40 of 40');
  const region = await waitFor(() => notice(/Part of this link/));
  await waitFor(() => expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2`));
  expect(router.state.historyAction).toBe('REPLACE');
  expect(api.requests.map((url) => url.search)).toEqual([listSearch({ offset: 25 })]);
  expect(region).toHaveTextContent(
    'Part of this link was not valid and was ignored: unknown "foo"; status "bogus" (not a status this list can filter on); limit "33" (use 10, 25, 50, 100).',
  );

  await user.click(within(region).getByRole('button', { name: 'Dismiss notice' }));

  expect(screen.queryByText(/Part of this link/)).not.toBeInTheDocument();
  await waitFor(() => expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2`));
});

test('an invalid part and a page past the end are repaired together, both named in one notice', async () => {
  const api = sessionsApi(makeSessions(cycleStatuses(30, ALL_STATUSES)));
  server.use(api.handler);
  // StrictMode runs the repair effect twice: the notice must still come out whole, once.
  const { router } = renderSessions('?foo=1&page=99', SESSIONS_PATH, { strict: true });

  const region = await waitFor(() => notice(/Page 99 is past the end/));
  expect(region).toHaveTextContent(
    'Part of this link was not valid and was ignored: unknown "foo". Page 99 is past the end of this view, which has 2 pages; showing page 2.',
  );
  await waitFor(() => expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2`));
  await screen.findByText('26–30 of 30');
});

test('a page past the end moves to the last page and says so', async () => {
  const api = sessionsApi(makeSessions(cycleStatuses(30, ALL_STATUSES)));
  server.use(api.handler);
  const { router } = renderSessions('?page=99');

  await screen.findByText('26–30 of 30');
  await waitFor(() => expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2`));
  expect(router.state.historyAction).toBe('REPLACE');
  await waitForSids(sids(range(0, 4).reverse()));
  expect(notice(/past the end/)).toHaveTextContent(
    'Page 99 is past the end of this view, which has 2 pages; showing page 2.',
  );
  expect(api.requests.map((url) => url.searchParams.get('offset'))).toEqual(['2450', '25']);
});

test('an empty filtered view says nothing matches and Clear filters removes the statuses', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(['Scheduled', 'Closed']));
  server.use(api.handler);
  const { router } = renderSessions('?status=incident&sort=createdDate.asc');

  const empty = await screen.findByRole('status', { name: 'No sessions match this view' });
  expect(empty).toHaveTextContent('No sessions for this learner and exam match Incident.');
  expect(screen.queryByRole('table')).not.toBeInTheDocument();

  await user.click(within(empty).getByRole('button', { name: 'Clear filters' }));

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?sort=createdDate.asc`);
  expect(router.state.historyAction).toBe('PUSH');
  await waitForSids(sids([0, 1]));
});

test('an empty filtered view links to the statuses this learner does have, in the filter’s order, with counts', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(['Scheduled', 'Closed', 'Closed'])).handler);
  const { router } = renderSessions('?status=incident&sort=createdDate.asc');

  const empty = await screen.findByRole('status', { name: 'No sessions match this view' });
  // Outside the panel's live region: links that follow the counts are not announced again.
  const statuses = await screen.findByRole('navigation', { name: 'Statuses with sessions' });
  expect(empty).not.toContainElement(statuses);
  expect(statuses).toHaveTextContent(/^This learner has sessions with these statuses:/);
  expect(
    within(statuses)
      .getAllByRole('link')
      .map((link) => link.textContent),
  ).toEqual(['Scheduled 1 session', 'Closed 2 sessions']);

  await user.click(within(statuses).getByRole('link', { name: 'Closed 2 sessions' }));

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?status=closed&sort=createdDate.asc`);
  await waitForSids(sids([1, 2]));
});

test('a learner with no sessions at all sees "No exam sessions yet" and can include in-progress ones', async () => {
  const user = userEvent.setup();
  const api = sessionsApi([]);
  server.use(api.handler);
  const { router } = renderSessions();

  const empty = await screen.findByRole('status', { name: 'No exam sessions yet' });
  expect(empty).toHaveTextContent('This learner has no exam sessions for this exam.');
  expect(within(empty).queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
  expect(screen.getByText('0 sessions in this view')).toBeInTheDocument();

  await user.click(within(empty).getByRole('button', { name: 'Include in-progress sessions' }));

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?includeActive=true`);
  await waitFor(() =>
    expect(api.requests.map((url) => url.search)).toEqual([
      listSearch({}),
      listSearch({ includeActive: true }),
    ]),
  );
});

test('an empty view that only includes in-progress sessions offers no dead "Clear filters" button', async () => {
  // Including in-progress sessions only widens the list, so nothing is being filtered out here.
  server.use(sessionsApi([]).handler);
  renderSessions('?includeActive=true');

  const empty = await screen.findByRole('status', {
    name: /No exam sessions yet|No sessions match/,
  });
  expect(empty).toHaveAccessibleName('No exam sessions yet');
  expect(within(empty).queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
});

const ERROR_CASES = [
  {
    code: 'token_refused',
    status: 502,
    title: 'SmarterProctoring refused the dashboard’s API token',
    retry: true,
  },
  {
    code: 'not_found',
    status: 404,
    title: 'SmarterProctoring has nothing at these sids',
    retry: false,
  },
  {
    code: 'rate_limited',
    status: 429,
    title: 'Too many requests to SmarterProctoring',
    retry: true,
  },
  { code: 'upstream_error', status: 502, title: 'SmarterProctoring had a problem', retry: true },
  {
    code: 'upstream_timeout',
    status: 504,
    title: 'SmarterProctoring took too long to answer',
    retry: true,
  },
  {
    code: 'malformed_response',
    status: 502,
    title: 'SmarterProctoring sent data this dashboard cannot read',
    retry: true,
  },
  {
    code: 'bad_request',
    status: 400,
    title: 'The server could not accept this request',
    retry: false,
  },
] as const;

test.each(ERROR_CASES)(
  'a $code error ($status) is explained in plain words',
  async ({ code, status, title, retry }) => {
    const user = userEvent.setup();
    const message = `Server says: ${code} happened.`;
    server.use(
      http.get(API_SESSIONS_ROUTE, () =>
        errorResponse(code, status, message, code === 'rate_limited' ? 30 : undefined),
      ),
    );
    renderSessions();

    const alert = await screen.findByRole('alert', { name: title });
    expect(within(alert).getByRole('heading', { name: title })).toBeInTheDocument();
    // The server's words are for the administrator, folded away until asked for.
    expect(screen.getByText(message)).not.toBeVisible();
    await user.click(screen.getByText('Details for your administrator'));
    expect(screen.getByText(message)).toBeVisible();
    expect(screen.queryAllByRole('timer')).toHaveLength(code === 'rate_limited' ? 1 : 0);
    expect(within(alert).queryAllByRole('button', { name: 'Try again' })).toHaveLength(
      retry ? 1 : 0,
    );
    expect(within(alert).getByRole('link', { name: 'Go to the home page' })).toHaveAttribute(
      'href',
      '/',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  },
);

test('in demo mode a not-found says the demo has no data there and points to the demo links', async () => {
  server.use(
    http.get(SERVER_INFO_PATH, () =>
      HttpResponse.json({
        mode: 'demo',
        demoLinks: [],
        access: { mode: 'shared' },
      } satisfies ServerInfo),
    ),
    http.get(API_SESSIONS_ROUTE, () =>
      errorResponse(
        'not_found',
        404,
        'The demo has no sessions for these sids; open one of the demo links.',
      ),
    ),
  );
  renderSessions();

  const alert = await screen.findByRole('alert', { name: 'The demo has no data at these sids' });
  expect(alert).toHaveTextContent('Only the sids in the demo links have data');
  expect(alert).not.toHaveTextContent('SmarterProctoring');
  expect(within(alert).getByRole('link', { name: 'Open the demo links' })).toHaveAttribute(
    'href',
    '/',
  );
  expect(screen.getByRole('complementary', { name: 'Demo mode' })).toBeInTheDocument();
});

test('while an error is shown the header does not claim the sessions are still loading', async () => {
  server.use(
    http.get(API_SESSIONS_ROUTE, () => errorResponse('upstream_error', 502, 'Upstream said 500.')),
  );
  renderSessions();

  await screen.findByRole('alert', { name: 'SmarterProctoring had a problem' });
  expect(screen.queryByText('Loading sessions…')).not.toBeInTheDocument();
});

test('a bad request offers to reset a non-default view, which asks again', async () => {
  const user = userEvent.setup();
  let calls = 0;
  const api = sessionsApi(makeSessions(['Closed']), (_url, answer) => {
    calls += 1;
    return calls === 1 ? errorResponse('bad_request', 400, 'The API refused the query.') : answer();
  });
  server.use(api.handler);
  const { router } = renderSessions('?status=incident');

  const alert = await screen.findByRole('alert', {
    name: 'The server could not accept this request',
  });
  await user.click(within(alert).getByRole('button', { name: 'Reset the view' }));

  expect(currentUrl(router)).toBe(SESSIONS_PATH);
  await waitForSids(sids([0]));
  expect(api.requests.map((url) => url.search)).toEqual([
    listSearch({ statuses: ['Incident'] }),
    listSearch({}),
  ]);
});

test('a 200 answer in the wrong shape shows the malformed-data state, not rows', async () => {
  server.use(
    http.get(API_SESSIONS_ROUTE, () =>
      HttpResponse.json({ total: 1, results: [{ sid: sessionSid(0), status: 'Closed' }] }),
    ),
  );
  renderSessions();

  const alert = await screen.findByRole('alert', {
    name: 'SmarterProctoring sent data this dashboard cannot read',
  });
  expect(within(alert).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  expect(
    screen.getByText('The dashboard server sent data in a shape this page does not understand.'),
  ).toBeInTheDocument();
});

test('an error without our error body still gets a plain-words state', async () => {
  server.use(http.get(API_SESSIONS_ROUTE, () => new HttpResponse('Bad gateway', { status: 502 })));
  renderSessions();

  await screen.findByRole('alert', { name: 'SmarterProctoring had a problem' });
  expect(screen.getByText('The dashboard server answered with HTTP 502.')).toBeInTheDocument();
});

test('when the dashboard server cannot be reached the page says so', async () => {
  server.use(http.get(API_SESSIONS_ROUTE, () => HttpResponse.error()));
  renderSessions();

  await screen.findByRole('alert', { name: 'The dashboard server cannot be reached' });
  expect(screen.getByText('The dashboard server could not be reached.')).toBeInTheDocument();
});

test('when the browser is offline the page says so', async () => {
  const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
  server.use(http.get(API_SESSIONS_ROUTE, () => HttpResponse.error()));
  try {
    renderSessions();

    const alert = await screen.findByRole('alert', { name: 'You are offline' });
    expect(alert).toHaveTextContent('Check your network connection, then try again.');
  } finally {
    onLine.mockRestore();
  }
});

test('Try again asks once more and shows the rows when the server has recovered', async () => {
  const user = userEvent.setup();
  let calls = 0;
  const api = sessionsApi(makeSessions(['Scheduled', 'Incident']), (_url, answer) => {
    calls += 1;
    return calls === 1 ? errorResponse('upstream_timeout', 504, 'No answer in 10 s.') : answer();
  });
  server.use(api.handler);
  renderSessions();

  const alert = await screen.findByRole('alert', {
    name: 'SmarterProctoring took too long to answer',
  });
  await user.click(within(alert).getByRole('button', { name: 'Try again' }));

  await waitForSids(sids([1, 0]));
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  expect(api.requests.map((url) => url.search)).toEqual([listSearch({}), listSearch({})]);
});

test('a malformed exam sid in the link is explained and nothing is requested', async () => {
  const api = sessionsApi(makeSessions(['Closed']));
  server.use(api.handler);
  renderSessions(
    '',
    `/installs/${SIDS.installSid}/enrollments/${SIDS.enrollmentSid}/exams/EX123/sessions`,
  );

  const alert = await screen.findByRole('alert', { name: 'This link has a malformed exam sid' });
  expect(alert).toHaveTextContent(
    'The exam sid EX123 is not valid. A valid exam sid is EX followed by 32 lowercase hexadecimal characters (0-9, a-f).',
  );
  expect(alert).toHaveTextContent('Nothing was requested from SmarterProctoring.');
  expect(within(alert).getByRole('link', { name: 'Go to the home page' })).toHaveAttribute(
    'href',
    '/',
  );
  expect(screen.queryByRole('table')).not.toBeInTheDocument();
  expect(api.requests).toEqual([]);
});

test('several malformed sids are each named', async () => {
  const api = sessionsApi([]);
  server.use(api.handler);
  renderSessions('', `/installs/ai123/enrollments/${SIDS.enrollmentSid}/exams/EX123/sessions`);

  const alert = await screen.findByRole('alert', { name: 'This link has malformed sids' });
  expect(alert).toHaveTextContent('The install sid ai123 is not valid.');
  expect(alert).toHaveTextContent('The exam sid EX123 is not valid.');
  expect(alert).not.toHaveTextContent('The enrollment sid');
  expect(api.requests).toEqual([]);
});

test('the breadcrumb copies each sid', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(['Closed'])).handler);
  renderSessions();
  await waitForSids(sids([0]));
  const breadcrumb = screen.getByRole('navigation', { name: 'Breadcrumb' });

  const copies: Array<[string, string]> = [
    ['Copy install sid', SIDS.installSid],
    ['Copy enrollment sid', SIDS.enrollmentSid],
    ['Copy exam sid', SIDS.examSid],
  ];
  for (const [name, sid] of copies) {
    await user.click(within(breadcrumb).getByRole('button', { name }));
    await expect(navigator.clipboard.readText()).resolves.toBe(sid);
  }
  expect(within(breadcrumb).getAllByText('Copied').length).toBeGreaterThan(0);
});

test('each row has one tab stop: its sid, a link to the session’s detail', async () => {
  server.use(sessionsApi(makeSessions(['Closed', 'Incident'])).handler);
  renderSessions('?tz=utc');
  await waitForSids(sids([1, 0]));

  const row = rowForSid(sessionSid(0));
  const link = within(row).getByRole('link', { name: sessionSid(0) });
  expect(link).toHaveAttribute('href', `${SESSIONS_PATH}/${sessionSid(0)}?tz=utc`);
  expect(row).not.toHaveAttribute('tabindex');
  // The sid is the only control in the row: no copy button beside it.
  expect(within(row).queryAllByRole('button')).toEqual([]);
});

test('each session is in the page once', async () => {
  server.use(sessionsApi(makeSessions(['Closed', 'Incident'])).handler);
  renderSessions();
  await waitForSids(sids([1, 0]));

  expect(screen.getAllByRole('link', { name: sessionSid(1) })).toHaveLength(1);
  expect(within(rowForSid(sessionSid(1))).getByText('Incident')).toBeInTheDocument();
});

test('one polite live region announces each settled change, and nothing before the first one', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(cycleStatuses(60, ['Incident', 'Closed']))).handler);
  renderSessions();
  await screen.findByText('1–25 of 60');
  const live = notice(/^60 sessions; page 1 of 3$/);
  expect(live).toHaveAttribute('aria-live', 'polite');

  await user.click(screen.getByRole('checkbox', { name: 'Incident' }));
  await waitFor(() =>
    expect(live).toHaveTextContent(/^Filtered by Incident; 30 sessions; page 1 of 2$/),
  );

  await user.click(pager().next);
  await waitFor(() => expect(live).toHaveTextContent(/^30 sessions; page 2 of 2$/));
});

test('Copy link copies the canonical link to this view', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(cycleStatuses(30, ['Incident', 'Closed']))).handler);
  renderSessions('?sort=createdDate.asc&limit=10&status=incident');
  await screen.findByText('1–10 of 15');

  await user.click(screen.getByRole('button', { name: 'Copy link' }));

  await expect(navigator.clipboard.readText()).resolves.toBe(
    `${window.location.origin}${SESSIONS_PATH}?status=incident&sort=createdDate.asc&limit=10`,
  );
});

test('Back undoes a filter change and Forward redoes it', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(['Incident', 'Closed', 'Incident'])).handler);
  const { router } = renderSessions();
  await waitForSids(sids([2, 1, 0]));

  await user.click(screen.getByRole('checkbox', { name: 'Incident' }));
  await waitForSids(sids([2, 0]));

  await act(() => router.navigate(-1));
  expect(currentUrl(router)).toBe(SESSIONS_PATH);
  await waitForSids(sids([2, 1, 0]));
  expect(screen.getByRole('checkbox', { name: 'Incident' })).not.toBeChecked();

  await act(() => router.navigate(1));
  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?status=incident`);
  await waitForSids(sids([2, 0]));
  expect(screen.getByRole('checkbox', { name: 'Incident' })).toBeChecked();
});

test('while the next page loads the current rows stay, marked as updating', async () => {
  const user = userEvent.setup();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  // Page 2 is held back so the in-between state can be seen; the page 2 prefetch waits too.
  const api = sessionsApi(makeSessions(cycleStatuses(30, ALL_STATUSES)), async (url, answer) => {
    if (url.searchParams.get('offset') !== '0') await gate;
    return answer();
  });
  server.use(api.handler);
  renderSessions('?limit=10');
  await waitForSids(sids(range(20, 29).reverse()));

  await user.click(pager().next);

  expect(await screen.findByText('Updating…')).toBeInTheDocument();
  expect(sessionsTable()).toHaveAttribute('aria-busy', 'true');
  expect(shownSids()).toEqual(sids(range(20, 29).reverse()));

  release();

  await waitForSids(sids(range(10, 19).reverse()));
  expect(screen.queryByText('Updating…')).not.toBeInTheDocument();
  expect(sessionsTable()).toHaveAttribute('aria-busy', 'false');
});

test("opening another learner's sessions never shows the previous learner's rows", async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const otherEnrollment = 'ENabcdefabcdefabcdefabcdefabcdefab';
  const api = sessionsApi(makeSessions(['Closed', 'Incident']), async (url, answer) => {
    if (url.pathname.includes(otherEnrollment)) await gate;
    return answer();
  });
  server.use(api.handler);
  const { router } = renderSessions();
  await waitForSids(sids([1, 0]));

  await act(() =>
    router.navigate(
      `/installs/${SIDS.installSid}/enrollments/${otherEnrollment}/exams/${SIDS.examSid}/sessions`,
    ),
  );

  await waitFor(() => expect(api.requests).toHaveLength(2));
  expect(dataRows()).toHaveLength(0);
  expect(sessionsTable()).toHaveAttribute('aria-busy', 'true');
  expect(
    within(screen.getByRole('navigation', { name: 'Breadcrumb' })).getByText(otherEnrollment),
  ).toBeInTheDocument();

  release();
  await waitForSids(sids([1, 0]));
});

test('values equal to the defaults are dropped from the link without a notice', async () => {
  const api = sessionsApi(makeSessions(['Closed']));
  server.use(api.handler);
  const { router } = renderSessions(
    '?sort=createdDate.desc&page=1&limit=25&includeActive=false&status=closed&status=closed',
  );

  await waitForSids(sids([0]));
  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?status=closed`);
  expect(router.state.historyAction).toBe('REPLACE');
  expect(screen.queryByRole('button', { name: 'Dismiss notice' })).not.toBeInTheDocument();
  expect(api.requests.map((url) => url.search)).toEqual([listSearch({ statuses: ['Closed'] })]);
});

test('the Created header tells assistive technology which way the list is sorted', async () => {
  server.use(sessionsApi(makeSessions(['Closed'])).handler);
  renderSessions('?sort=createdDate.asc');
  await waitForSids(sids([0]));

  const created = screen.getByRole('columnheader', { name: /Created/ });
  expect(created).toHaveAttribute('aria-sort', 'ascending');
  expect(within(created).getByRole('button')).toHaveAccessibleName('Created');
  expect(sessionsTable()).toHaveAccessibleName(/sorted by created date, oldest first/);
});

test('a refresh that fails keeps the rows on screen and says so; Try again brings the list back', async () => {
  let refreshFails = false;
  const api = sessionsApi(makeSessions(cycleStatuses(3, ['Incident'])), (_url, answer) =>
    refreshFails
      ? errorResponse('upstream_error', 502, 'SmarterProctoring had a problem.')
      : answer(),
  );
  server.use(api.handler);
  const { queryClient } = renderSessions();
  await waitForSids(sids([2, 1, 0]));

  // What Auto-refresh or coming back to the tab does: the shown view is asked for again.
  refreshFails = true;
  await act(() => queryClient.refetchQueries({ queryKey: [sessionListEndpoint.name] }));

  expect(await screen.findByText(/Could not refresh the sessions just now/)).toBeInTheDocument();
  expect(shownSids()).toEqual(sids([2, 1, 0]));
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();

  refreshFails = false;
  await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
  await waitFor(() =>
    expect(screen.queryByText(/Could not refresh the sessions just now/)).not.toBeInTheDocument(),
  );
  expect(shownSids()).toEqual(sids([2, 1, 0]));
});
