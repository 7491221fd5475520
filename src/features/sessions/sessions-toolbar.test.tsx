import type { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterAll, afterEach, expect, test, vi } from 'vitest';
import { server } from '#src/testing/msw-server.ts';
import { renderRoute, currentUrl } from '#src/testing/render.tsx';
import {
  cycleStatuses,
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

let lastQueryClient: QueryClient | undefined;

// The page prefetches the next page and looks up names; let those requests finish first.
afterEach(async () => {
  const client = lastQueryClient;
  lastQueryClient = undefined;
  if (!client) return;
  await waitFor(() => expect(client.isFetching()).toBe(0)).catch(() => client.cancelQueries());
});

function renderSessions(search: string) {
  const view = renderRoute(`${SESSIONS_PATH}${search}`);
  lastQueryClient = view.queryClient;
  return view;
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
  const cell = row ? within(row).getAllByRole('cell')[index] : undefined;
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
  expect(timesIn()).toHaveDisplayValue('My time zone (Europe/Paris)');
  // The dates name no zone each: it is named once, beside the list.
  expect(screen.getByText('Europe/Paris')).toBeInTheDocument();

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

test('narrow screens fold the filters behind a button that says how many are on; Escape closes it', async () => {
  const user = userEvent.setup();
  server.use(sessionsApi(makeSessions(['Closed', 'Incident'])).handler);
  renderSessions('?status=closed&status=incident&includeActive=true');
  const filters = await screen.findByRole('button', { name: /^Filters/ });
  expect(filters).toHaveTextContent('Filters · 3 on');
  expect(filters).toHaveAttribute('aria-expanded', 'false');

  await user.click(filters);
  expect(filters).toHaveAttribute('aria-expanded', 'true');

  await user.click(screen.getByRole('checkbox', { name: 'Closed' }));
  await waitFor(() => expect(filters).toHaveTextContent('Filters · 2 on'));

  await user.keyboard('{Escape}');
  expect(filters).toHaveAttribute('aria-expanded', 'false');
  expect(filters).toHaveFocus();
});
