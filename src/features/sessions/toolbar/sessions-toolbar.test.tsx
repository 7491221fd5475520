import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterAll, expect, test, vi } from 'vitest';
import { FILTERABLE_STATUSES, type FilterableStatus } from '#src/api/contract/session-status.ts';
import {
  statusCountsEndpoint,
  statusCountsFrom,
  type StatusCountsResponse,
} from '#src/api/contract/status-counts.ts';
import { statusMeta } from '#src/features/sessions/status/status-meta.ts';
import { server } from '#src/testing/msw-server.ts';
import { renderRoute, currentUrl } from '#src/testing/render.tsx';
import {
  cycleStatuses,
  errorResponse,
  makeSessions,
  SESSIONS_PATH,
  sessionSid,
  sessionsApi,
} from '#src/testing/session-fixtures.ts';

// A viewer in Paris, so "my time zone" is neither UTC nor the install's (Chicago, from the
// default install settings handler).
vi.stubEnv('TZ', 'Europe/Paris');
afterAll(() => {
  vi.unstubAllEnvs();
});

function renderSessions(search: string) {
  return renderRoute(`${SESSIONS_PATH}${search}`);
}

function timesIn(): HTMLElement {
  return screen.getByRole('combobox', { name: 'Times in' });
}

/** The Created cell's absolute date, in the row of session `sid`. */
function createdText(sid: string): string {
  const table = screen.getByRole('table', { name: /Exam sessions/ });
  const headers = within(table).getAllByRole('columnheader');
  const index = headers.findIndex((header) => header.textContent.startsWith('Created'));
  const row = within(table)
    .getAllByRole('row')
    .find((candidate) => within(candidate).queryByText(sid));
  // The sid is the row's header cell; the dates are plain cells after it.
  const cell = row
    ? [...within(row).getAllByRole('rowheader'), ...within(row).getAllByRole('cell')][index]
    : undefined;
  if (!cell) throw new Error(`No Created cell for ${sid}`);
  return cell.querySelector('time')?.firstChild?.textContent ?? '';
}

// Session 0 was created at 09:00 UTC on 1 Jan 2026: 10:00 in Paris, 03:00 in Chicago.
const FIRST = sessionSid(0);

test('"Times in" changes the URL through the list’s view changes, keeping the page, and every date follows', async () => {
  const user = userEvent.setup();
  const api = sessionsApi(makeSessions(cycleStatuses(30, ['Closed', 'Incident'])));
  server.use(api.handler);
  const { router } = renderSessions('?page=2');
  await waitFor(() => expect(createdText(FIRST)).toMatch(/10:00/));
  // The dates name no zone each: it is named once, on top of the list.
  expect(timesIn()).toHaveDisplayValue('My time zone (Europe/Paris)');

  await user.selectOptions(timesIn(), 'UTC');

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2&tz=utc`);
  expect(router.state.historyAction).toBe('PUSH');
  expect(createdText(FIRST)).toMatch(/1.*2026.*09:00$/);

  await user.selectOptions(timesIn(), 'Install (America/Chicago)');

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2&tz=install`);
  await waitFor(() => expect(createdText(FIRST)).toMatch(/1.*2026.*03:00/));

  // The zone is how the rows read, not which rows: the list was never asked again for it.
  expect(api.requests.every((url) => !url.searchParams.has('tz'))).toBe(true);
  expect(api.requests.filter((url) => url.searchParams.get('offset') === '25')).toHaveLength(1);

  await user.selectOptions(timesIn(), 'My time zone (Europe/Paris)');

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2`);
  expect(createdText(FIRST)).toMatch(/10:00/);
});

test('a link with an invalid tz is repaired with the usual notice and shows the viewer’s zone', async () => {
  server.use(sessionsApi(makeSessions(['Closed'])).handler);
  const { router } = renderSessions('?tz=mars&status=closed');

  await waitFor(() => expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?status=closed`));
  expect(router.state.historyAction).toBe('REPLACE');
  expect(
    await screen.findByText(
      'Part of this link was not valid and was ignored: tz "mars" (use install or utc).',
    ),
  ).toBeInTheDocument();
  expect(timesIn()).toHaveDisplayValue('My time zone (Europe/Paris)');
});

test('Reset view clears the filters but keeps the time zone', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(['Closed', 'Incident'])).handler);
  const { router } = renderSessions('?status=closed&tz=utc');
  await waitFor(() => expect(createdText(FIRST)).toMatch(/09:00$/));

  await user.click(screen.getByRole('button', { name: 'Reset view' }));

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?tz=utc`);
  expect(screen.getByRole('button', { name: 'Reset view' })).toBeDisabled();
  expect(timesIn()).toHaveDisplayValue('UTC');
});

test('narrow screens fold the view options behind a button that says how many are changed; Escape closes it', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(['Closed', 'Incident'])).handler);
  renderSessions('?status=closed&includeActive=true&sort=createdDate.asc');
  const options = await screen.findByRole('button', { name: /^View options/ });
  // The statuses are not folded: they are filters, shown at every width.
  expect(options).toHaveTextContent('View options · 2 changed');
  expect(options).toHaveAttribute('aria-expanded', 'false');

  await user.click(options);
  expect(options).toHaveAttribute('aria-expanded', 'true');

  await user.click(screen.getByRole('switch', { name: 'Include in-progress sessions' }));
  await waitFor(() => expect(options).toHaveTextContent('View options · 1 changed'));

  await user.keyboard('{Escape}');
  expect(options).toHaveAttribute('aria-expanded', 'false');
  expect(options).toHaveFocus();
});

// ---------------------------------------------------------------------------
// Per-status counts
// ---------------------------------------------------------------------------

const API_COUNTS_ROUTE = statusCountsEndpoint.apiRoute;

function statusFilter(status: string): HTMLElement {
  return screen.getByRole('checkbox', { name: status });
}

/** The count a chip shows beside its status, as a sighted user reads it. */
function shownCount(status: FilterableStatus): string {
  // The chip is the label that carries the status's meaning as its title.
  const filter = within(screen.getByRole('group', { name: /^Status/ }));
  const chip = filter.getByTitle(statusMeta(status).meaning);
  return chip.textContent.replace(status, '').replace('✓', '').trim();
}

/** 3 Incident, 2 Closed, 1 Scheduled (and one in progress, counted only with includeActive). */
const COUNTED = makeSessions([
  'Incident',
  'Closed',
  'Incident',
  'Scheduled',
  'Closed',
  'Incident',
  'In Progress',
]);

test('each status shows its count once the rows are shown, read after its name', async () => {
  const api = sessionsApi(COUNTED);
  server.use(api.handler);
  renderSessions('');
  await screen.findAllByText(sessionSid(0));

  await waitFor(() => expect(shownCount('Incident')).toBe('3'));
  expect(shownCount('Closed')).toBe('2');
  expect(shownCount('Needs Proctor')).toBe('0');
  // The name stays the status, so voice control and every label say it alike.
  expect(statusFilter('Incident')).toHaveAccessibleDescription(/^3 sessions\. /);
  expect(statusFilter('Scheduled')).toHaveAccessibleDescription(/^1 session\. /);
  expect(api.countRequests.map((url) => url.search)).toEqual(['?includeActive=false']);
});

test('counts are not asked for before the rows arrive, so they never hold them up', async () => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const api = sessionsApi(COUNTED, async (_url, answer) => {
    await gate;
    return answer();
  });
  server.use(api.handler);
  renderSessions('');
  await waitFor(() => expect(api.requests).toHaveLength(1));

  expect(api.countRequests).toEqual([]);
  expect(shownCount('Incident')).toBe('');
  expect(statusFilter('Incident')).toHaveAccessibleDescription(statusMeta('Incident').meaning);

  release();
  await waitFor(() => expect(shownCount('Incident')).toBe('3'));
  expect(api.countRequests).toHaveLength(1);
});

test('a page, sort or status change keeps the counts without asking again; includeActive asks anew', async () => {
  const user = userEvent.setup();
  // 8 of each status, and one session in progress.
  const api = sessionsApi(makeSessions([...cycleStatuses(56, FILTERABLE_STATUSES), 'In Progress']));
  server.use(api.handler);
  renderSessions('');
  await waitFor(() => expect(shownCount('Closed')).toBe('8'));

  await user.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByText('26–50 of 56');
  await user.selectOptions(screen.getByRole('combobox', { name: 'Order' }), 'Oldest first');
  await user.click(statusFilter('Closed'));
  await screen.findByText('1–8 of 8');

  expect(shownCount('Closed')).toBe('8');
  expect(api.countRequests).toHaveLength(1);

  await user.click(screen.getByRole('switch', { name: 'Include in-progress sessions' }));

  // Each status is still counted alone: the session in progress is not one of the Closed.
  await waitFor(() => expect(api.countRequests).toHaveLength(2));
  expect(shownCount('Closed')).toBe('8');
  expect(api.countRequests.map((url) => url.search)).toEqual([
    '?includeActive=false',
    '?includeActive=true',
  ]);
});

test('when the counts cannot be had, each status shows "–", said as count unavailable, and the rows stay', async () => {
  server.use(
    http.get(API_COUNTS_ROUTE, () => errorResponse('upstream_error', 502, 'Upstream said 500.')),
    sessionsApi(COUNTED).handler,
  );
  renderSessions('');
  await screen.findAllByText(sessionSid(0));

  await waitFor(() => expect(shownCount('Incident')).toBe('–'));
  for (const status of FILTERABLE_STATUSES) {
    expect(shownCount(status)).toBe('–');
    expect(statusFilter(status)).toHaveAccessibleDescription(/^count unavailable\. /);
  }
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  expect(screen.getAllByText(sessionSid(5))).not.toHaveLength(0);
});

test('one count the server could not get shows "–"; the others show their numbers', async () => {
  server.use(
    http.get(API_COUNTS_ROUTE, () =>
      HttpResponse.json({
        counts: statusCountsFrom((status) => (status === 'Incident' ? null : 4)),
        inProgress: null,
      } satisfies StatusCountsResponse),
    ),
    sessionsApi(COUNTED).handler,
  );
  renderSessions('');

  await waitFor(() => expect(shownCount('Incident')).toBe('–'));
  expect(statusFilter('Incident')).toHaveAccessibleDescription(/^count unavailable\. /);
  expect(shownCount('Closed')).toBe('4');
  expect(statusFilter('Closed')).toHaveAccessibleDescription(/^4 sessions\. /);
});

// ---------------------------------------------------------------------------
// Triage presets
// ---------------------------------------------------------------------------

function presets() {
  return within(screen.getByRole('navigation', { name: 'Triage presets' }));
}

test('the triage presets are links to canonical views that keep the time zone', async () => {
  server.use(sessionsApi(COUNTED).handler);
  renderSessions('?status=closed&page=2&tz=utc');
  await screen.findByRole('navigation', { name: 'Triage presets' });

  expect(presets().getByRole('link', { name: 'Needs action' })).toHaveAttribute(
    'href',
    `${SESSIONS_PATH}?status=needs-proctor&status=pending-approval&status=incident&tz=utc`,
  );
  expect(presets().getByRole('link', { name: 'Upcoming' })).toHaveAttribute(
    'href',
    `${SESSIONS_PATH}?status=scheduled&sort=createdDate.asc&tz=utc`,
  );
  expect(presets().getByRole('link', { name: 'History' })).toHaveAttribute(
    'href',
    `${SESSIONS_PATH}?status=closed&status=processing&includeActive=true&tz=utc`,
  );
  for (const link of presets().getAllByRole('link')) {
    expect(link).not.toHaveAttribute('aria-current');
  }
});

test('following a preset shows its view and marks it as the current one', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(COUNTED).handler);
  const { router } = renderSessions('');
  await screen.findAllByText(sessionSid(0));

  await user.click(presets().getByRole('link', { name: 'Upcoming' }));

  expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?status=scheduled&sort=createdDate.asc`);
  expect(statusFilter('Scheduled')).toBeChecked();
  expect(presets().getByRole('link', { name: 'Upcoming' })).toHaveAttribute('aria-current', 'true');
  expect(presets().getByRole('link', { name: 'Needs action' })).not.toHaveAttribute('aria-current');
});

test('the status help, opened, says what Needs action holds and where a wait starts', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(COUNTED).handler);
  renderSessions('');
  await screen.findAllByText(sessionSid(0));
  expect(screen.queryByText(/Needs action is/)).toBeNull();

  await user.click(screen.getByText('What do the statuses mean?'));

  expect(
    await screen.findByText(/^Needs action is Needs Proctor, Pending Approval and Incident/),
  ).toHaveTextContent(/counts from when the session was created.*overdue after 2 d\.$/);
  expect(screen.getByText(statusMeta('Approval Denied').meaning)).toBeInTheDocument();
});
