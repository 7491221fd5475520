/**
 * The list's live signals on the real page: each row's wait, the marks for rows changed since the
 * previous fetch or since the last visit, and the Auto-refresh control with its pauses.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { SERVER_INFO_PATH, type ServerInfo } from '#src/api/contract/server-info.ts';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import { LAST_VISITS_STORAGE_KEY } from '#src/features/sessions/live/last-visit.ts';
import { formatUpdatedAgo } from '#src/features/sessions/live/live-refresh.tsx';
import { formatDate } from '#src/lib/format-date.ts';
import { server } from '#src/testing/msw-server.ts';
import { currentUrl, renderRoute } from '#src/testing/render.tsx';
import {
  answerSessions,
  makeSession,
  SESSIONS_PATH,
  SIDS,
  sessionSid,
  sessionsApi,
} from '#src/testing/session-fixtures.ts';

const HOUR = 60 * 60 * 1000;
/** The route's params as MSW hands them to a handler. */
const SIDS_PARAMS = { ...SIDS };
const DAY = 24 * HOUR;

// Loaded after hydration in the browser; here up front, as setup.ts does for the lazy pages.
beforeAll(() => import('#src/features/sessions/live/list-signals.tsx'));
beforeEach(() => window.localStorage.clear());

function renderSessions(search = '') {
  return renderRoute(`${SESSIONS_PATH}${search}`);
}

/** Created and last edited `agoMs` ago. */
function edited(index: number, status: string, agoMs: number): SessionRow {
  const at = new Date(Date.now() - agoMs).toISOString();
  return { ...makeSession(index, status), createdDate: at, editDate: at };
}

function tableRow(sid: string): HTMLElement {
  const rows = within(screen.getByRole('table')).getAllByRole('row');
  const row = rows.find((candidate) => within(candidate).queryByRole('link', { name: sid }));
  if (row === undefined) throw new Error(`No row for ${sid}`);
  return row;
}

/** Where "Go to the first" puts focus: the row's mark, which reads out what changed. */
function markIn(row: HTMLElement): HTMLElement | null {
  return row.querySelector('[data-slot="row-mark"]');
}

test('sessions waiting on staff show their wait in the row, overdue past 48 hours', async () => {
  server.use(
    sessionsApi([
      edited(0, 'Needs Proctor', 3 * DAY + HOUR),
      edited(1, 'Pending Approval', 5 * HOUR),
      edited(2, 'Scheduled', 9 * DAY),
    ]).handler,
  );
  renderSessions();
  await screen.findAllByRole('link', { name: sessionSid(0) });

  const overdue = await within(tableRow(sessionSid(0))).findByText('waiting 3 d, overdue');
  expect(overdue).toHaveAttribute('data-overdue', 'true');
  expect(within(tableRow(sessionSid(1))).getByText('waiting 5 h')).not.toHaveAttribute(
    'data-overdue',
  );
  expect(within(tableRow(sessionSid(2))).queryByText(/waiting/)).toBeNull();
});

test('an install with its own threshold calls a shorter wait overdue; other installs keep theirs', async () => {
  const ownHours = (installSid: string, hours: number) =>
    http.get(SERVER_INFO_PATH, () =>
      HttpResponse.json({
        mode: 'upstream',
        access: { mode: 'shared' },
        waitPolicy: { overdueAfterHours: 48, byInstall: { [installSid]: hours } },
      } satisfies ServerInfo),
    );
  server.use(
    ownHours(SIDS.installSid, 4),
    sessionsApi([edited(0, 'Needs Proctor', 5 * HOUR)]).handler,
  );
  const { unmount } = renderSessions();
  await screen.findAllByRole('link', { name: sessionSid(0) });
  expect(await within(tableRow(sessionSid(0))).findByText('waiting 5 h, overdue')).toBeVisible();
  unmount();

  server.use(ownHours(`AI${'9'.repeat(32)}`, 4));
  renderSessions();
  await screen.findAllByRole('link', { name: sessionSid(0) });
  expect(await within(tableRow(sessionSid(0))).findByText('waiting 5 h')).not.toHaveAttribute(
    'data-overdue',
  );
});

test('a first visit marks nothing; the next one marks rows edited since, in the rows and a count', async () => {
  const sessions = [
    edited(0, 'Closed', 3 * DAY),
    edited(1, 'Scheduled', 2 * HOUR),
    edited(2, 'Incident', 30 * 60 * 1000),
  ];
  server.use(sessionsApi(sessions).handler);
  const { unmount } = renderSessions();
  await waitFor(() => expect(window.localStorage.getItem(LAST_VISITS_STORAGE_KEY)).not.toBeNull());
  expect(screen.queryByText(/since your last visit/)).toBeNull();
  unmount();

  // The previous visit was a day ago and showed no rows: two of the three were edited since.
  window.localStorage.setItem(
    LAST_VISITS_STORAGE_KEY,
    JSON.stringify([{ view: SESSIONS_PATH, at: Date.now() - DAY }]),
  );
  renderSessions();

  expect(
    await screen.findByText('2 updated since your last visit, on this page.'),
  ).toBeInTheDocument();
  for (const index of [1, 2]) {
    // Not knowing what they showed then, the marks claim the edit and nothing more.
    expect(
      within(tableRow(sessionSid(index))).getByText('Edited since your last visit'),
    ).toBeInTheDocument();
  }
  expect(within(tableRow(sessionSid(0))).queryByText(/since your last visit/)).toBeNull();

  // Newest first: session 2 is the first updated row on screen.
  await userEvent.click(screen.getByRole('button', { name: 'Go to the first' }));
  expect(markIn(tableRow(sessionSid(2)))).toHaveFocus();
});

test('a row the last visit showed says what changed since; the count’s button takes the keyboard to it', async () => {
  const before = edited(1, 'Scheduled', 2 * DAY);
  const unchanged = edited(0, 'Closed', HOUR);
  server.use(sessionsApi([unchanged, before]).handler);
  const { unmount } = renderSessions();
  await waitFor(() =>
    expect(window.localStorage.getItem(LAST_VISITS_STORAGE_KEY)).toContain(before.sid),
  );
  unmount();

  const after = { ...before, status: 'Incident', editDate: new Date().toISOString() };
  server.use(sessionsApi([unchanged, after]).handler);
  renderSessions();
  await screen.findAllByRole('link', { name: sessionSid(1) });

  const row = tableRow(sessionSid(1));
  expect(await within(row).findByText('Since last visit: Scheduled → Incident')).toBeVisible();
  expect(
    within(row).getByText('Updated since your last visit: status from Scheduled to Incident.'),
  ).toBeInTheDocument();
  expect(within(tableRow(sessionSid(0))).queryByText(/since last visit/i)).toBeNull();

  const goTo = screen.getByRole('button', { name: 'Go to it' });
  expect(goTo).toHaveAccessibleDescription('1 updated since your last visit, on this page.');
  goTo.focus();
  await userEvent.keyboard('{Enter}');
  expect(markIn(row)).toHaveFocus();
  expect(markIn(row)).toHaveTextContent(
    'Updated since your last visit: status from Scheduled to Incident.',
  );
});

test('choosing an Auto-refresh interval puts it in the URL and keeps the page', async () => {
  server.use(
    sessionsApi(Array.from({ length: 30 }, (_, index) => makeSession(index, 'Closed'))).handler,
  );
  const { router } = renderSessions('?page=2');
  const select = await screen.findByRole('combobox', { name: 'Auto-refresh' });
  expect(select).toHaveValue('off');
  expect(await screen.findByText(/^Updated (just now|\d+ s ago)$/)).toBeInTheDocument();

  await userEvent.selectOptions(select, 'Every 30 s');

  await waitFor(() => expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2&refresh=30`));
  await userEvent.selectOptions(select, 'Off');
  await waitFor(() => expect(currentUrl(router)).toBe(`${SESSIONS_PATH}?page=2`));
});

test('auto-refresh fetches again on its interval and names what changed in each row, without moving it', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  const waiting = edited(0, 'Needs Proctor', 2 * HOUR);
  const closed = edited(1, 'Closed', DAY);
  const pending = edited(2, 'Pending Approval', 2 * DAY);
  const booked = '2026-12-01T15:30:00.000Z';
  const api = sessionsApi([waiting, closed, pending], (url, answer) => {
    // From the second request on, one session is scheduled and another edited in no shown field.
    const editDate = new Date().toISOString();
    return api.requests.length > 1
      ? answerSessions(
          [
            { ...waiting, status: 'Scheduled', appointmentDate: booked, editDate },
            closed,
            { ...pending, editDate },
          ],
          url,
          SIDS_PARAMS,
        )
      : answer();
  });
  server.use(api.handler);
  renderSessions('?refresh=15&tz=utc');
  await screen.findByRole('combobox', { name: 'Auto-refresh' });
  await within(tableRow(sessionSid(0))).findByText('waiting 2 h');
  expect(api.requests).toHaveLength(1);

  await act(() => vi.advanceTimersByTimeAsync(15_000));

  await waitFor(() => expect(api.requests).toHaveLength(2));
  const scheduled = 'Changed: Needs Proctor → Scheduled, appointment booked';
  expect(await within(tableRow(sessionSid(0))).findByText(scheduled)).toBeVisible();
  expect(
    within(tableRow(sessionSid(0))).getByText(
      `Changed just now: status from Needs Proctor to Scheduled; appointment booked for ${formatDate(booked, undefined, 'UTC')?.absolute}.`,
    ),
  ).toBeInTheDocument();
  expect(within(tableRow(sessionSid(2))).getByText('Edited just now')).toBeInTheDocument();
  expect(markIn(tableRow(sessionSid(1)))).toBeNull();
  // Sorted by creation, an edit does not reorder the rows.
  expect(
    within(screen.getByRole('table'))
      .getAllByRole('link')
      .map((link) => link.textContent),
  ).toEqual([sessionSid(0), sessionSid(1), sessionSid(2)]);
});

test('auto-refresh holds while a disclosure is open, and goes on once it is closed', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  const api = sessionsApi([makeSession(0, 'Closed')]);
  server.use(api.handler);
  renderSessions('?refresh=15');
  await screen.findByRole('combobox', { name: 'Auto-refresh' });
  const legend = screen.getByText('What do the statuses mean?');
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });

  await user.click(legend);
  expect(await screen.findByText(/paused while you type or a menu is open/)).toBeInTheDocument();
  await act(() => vi.advanceTimersByTimeAsync(40_000));
  expect(api.requests).toHaveLength(1);

  await user.click(legend);
  await waitFor(() =>
    expect(screen.queryByText(/paused while you type or a menu is open/)).toBeNull(),
  );
  await act(() => vi.advanceTimersByTimeAsync(15_000));
  await waitFor(() => expect(api.requests).toHaveLength(2));
});

test('under Auto-refresh every 15 s the status counts follow once a minute, not at every refresh', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  const api = sessionsApi([makeSession(0, 'Closed'), makeSession(1, 'Incident')]);
  server.use(api.handler);
  renderSessions('?refresh=15');
  await screen.findByRole('combobox', { name: 'Auto-refresh' });
  await waitFor(() => expect(api.countRequests).toHaveLength(1));

  await act(() => vi.advanceTimersByTimeAsync(45_000));
  await waitFor(() => expect(api.requests).toHaveLength(4));
  expect(api.countRequests).toHaveLength(1);

  await act(() => vi.advanceTimersByTimeAsync(15_000));
  await waitFor(() => expect(api.countRequests).toHaveLength(2));
});

test('while auto-refresh is held the counts wait too', async () => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  const api = sessionsApi([makeSession(0, 'Closed')]);
  server.use(api.handler);
  renderSessions('?refresh=60');
  await screen.findByRole('combobox', { name: 'Auto-refresh' });
  await waitFor(() => expect(api.countRequests).toHaveLength(1));
  const user = userEvent.setup({ advanceTimers: (ms) => vi.advanceTimersByTime(ms) });

  await user.click(screen.getByText('What do the statuses mean?'));
  expect(await screen.findByText(/paused while you type or a menu is open/)).toBeInTheDocument();
  await act(() => vi.advanceTimersByTimeAsync(130_000));
  expect(api.requests).toHaveLength(1);
  expect(api.countRequests).toHaveLength(1);
});

test('the age of the rows reads in seconds, then minutes, then hours', () => {
  expect(formatUpdatedAgo(0)).toBe('Updated just now');
  expect(formatUpdatedAgo(4_999)).toBe('Updated just now');
  expect(formatUpdatedAgo(12_400)).toBe('Updated 12 s ago');
  expect(formatUpdatedAgo(59_999)).toBe('Updated 59 s ago');
  expect(formatUpdatedAgo(60_000)).toBe('Updated 1 min ago');
  expect(formatUpdatedAgo(2 * HOUR + 1)).toBe('Updated 2 h ago');
  expect(formatUpdatedAgo(-3_000)).toBe('Updated just now');
});
