import { onlineManager } from '@tanstack/react-query';
import { act, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse } from 'msw';
import { expect, test, vi } from 'vitest';
import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import { MAX_RETRIES } from '#src/api/http.ts';
import { createQueryClient } from '#src/app/providers.tsx';
import { server } from '#src/testing/msw-server.ts';
import { renderRoute } from '#src/testing/render.tsx';
import {
  SESSIONS_PATH,
  errorResponse,
  makeSessions,
  sessionSid,
  sessionsApi,
} from '#src/testing/session-fixtures.ts';

/** The sessions page with the app's retry policy, but no waits between retries. */
function renderWithRetries(url = SESSIONS_PATH) {
  return renderRoute(url, { queryClient: createQueryClient({ retryDelay: () => 0 }) });
}

test('by default the waits between retries grow about 1 s, 2 s, 4 s', () => {
  const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
  try {
    const retryDelay = createQueryClient().getDefaultOptions().queries?.retryDelay;
    if (typeof retryDelay !== 'function') throw new Error('No retryDelay function');
    const error = new Error('Failed.');
    expect([0, 1, 2].map((failures) => retryDelay(failures, error))).toEqual([1_000, 2_000, 4_000]);
  } finally {
    random.mockRestore();
  }
});

/** Answers with `failures` in order, then with the sessions. */
function failingThen(failures: Array<() => Response>) {
  let calls = 0;
  return sessionsApi(makeSessions(['Closed']), (_url, answer) => {
    const failure = failures[calls];
    calls += 1;
    return failure ? failure() : answer();
  });
}

/** The first session's link in the table. */
async function rowShown() {
  return within(await screen.findByRole('table')).findByRole('link', { name: sessionSid(0) });
}

test('a 502 twice, then 200: retried by itself, and the rows appear after exactly 3 requests', async () => {
  const bad = () => errorResponse('upstream_error', 502, 'Upstream said 500.');
  const api = failingThen([bad, bad]);
  server.use(api.handler);
  renderWithRetries();

  await rowShown();
  expect(api.requests).toHaveLength(3);
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();
});

test('a dashboard server that cannot be reached is retried too', async () => {
  const api = failingThen([() => HttpResponse.error()]);
  server.use(api.handler);
  renderWithRetries();

  await rowShown();
  expect(api.requests).toHaveLength(2);
});

test(`retries stop after ${MAX_RETRIES}: a 503 that persists is shown after ${MAX_RETRIES + 1} requests`, async () => {
  const api = sessionsApi([], () => errorResponse('upstream_unreachable', 503, 'No route.'));
  server.use(api.handler);
  renderWithRetries();

  await screen.findByRole('alert', { name: 'SmarterProctoring cannot be reached' });
  expect(api.requests).toHaveLength(MAX_RETRIES + 1);
});

const NOT_RETRIED: Array<{ code: ApiErrorCode; status: number; title: string }> = [
  { code: 'bad_request', status: 400, title: 'The server could not accept this request' },
  { code: 'not_found', status: 404, title: 'SmarterProctoring has nothing at these sids' },
  {
    code: 'token_refused',
    status: 502,
    title: 'SmarterProctoring refused the dashboard’s API token',
  },
  { code: 'upstream_timeout', status: 504, title: 'SmarterProctoring took too long to answer' },
  {
    code: 'malformed_response',
    status: 502,
    title: 'SmarterProctoring sent data this dashboard cannot read',
  },
  {
    code: 'upstream_too_large',
    status: 502,
    title: 'SmarterProctoring sent far more data than asked for',
  },
  { code: 'too_many_requests', status: 429, title: 'Too many requests to the dashboard' },
];

test.each(NOT_RETRIED)(
  'a $code ($status) is shown after exactly 1 request',
  async ({ code, status, title }) => {
    const api = sessionsApi([], () => errorResponse(code, status, `Server says: ${code}.`));
    server.use(api.handler);
    renderWithRetries();

    // With no wait between retries, any retry would have been made before the error shows.
    await screen.findByRole('alert', { name: title });
    expect(api.requests).toHaveLength(1);
  },
);

test('offline is not retried: the page asks again when the browser is back online', async () => {
  const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
  const api = failingThen([() => HttpResponse.error()]);
  server.use(api.handler);
  try {
    renderWithRetries();
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });

    await screen.findByRole('alert', { name: 'You are offline' });
    expect(api.requests).toHaveLength(1);

    onLine.mockReturnValue(true);
    act(() => {
      window.dispatchEvent(new Event('online'));
    });

    await waitFor(() => expect(api.requests).toHaveLength(2));
    await rowShown();
  } finally {
    onLine.mockRestore();
    onlineManager.setOnline(true);
  }
});

test('a 401 sign_in_required is not retried and sends the user to sign in', async () => {
  const api = sessionsApi([], () =>
    errorResponse('sign_in_required', 401, 'Sign in to use this dashboard.'),
  );
  server.use(api.handler);
  const { router } = renderWithRetries(`${SESSIONS_PATH}?status=incident`);

  await waitFor(() => expect(router.state.location.pathname).toBe('/sign-in'));
  expect(router.state.location.search).toBe(
    `?${new URLSearchParams({ next: `${SESSIONS_PATH}?status=incident` })}`,
  );
  expect(router.state.historyAction).toBe('REPLACE');
  expect(api.requests).toHaveLength(1);
});

test('a 429 is not retried before its wait is over; then the page asks once by itself', async () => {
  // The clock moves with real time too (MSW and react-query need their timeouts to run), so the
  // checks keep seconds of margin from the end of the wait.
  vi.useFakeTimers({ shouldAdvanceTime: true });
  const api = failingThen([
    () => errorResponse('rate_limited', 429, 'SmarterProctoring asked to slow down.', 30),
  ]);
  server.use(api.handler);
  renderWithRetries();

  const alert = await screen.findByRole('alert', {
    name: 'Too many requests to SmarterProctoring',
  });
  expect(api.requests).toHaveLength(1);
  expect(within(alert).getByRole('button', { name: 'Try again' })).toBeDisabled();

  await act(() => vi.advanceTimersByTimeAsync(25_000));

  expect(api.requests).toHaveLength(1);
  expect(within(alert).getByRole('button', { name: 'Try again' })).toBeDisabled();
  expect(screen.getByRole('timer')).toHaveTextContent(/^Trying again in [1-5] s$/);

  await act(() => vi.advanceTimersByTimeAsync(5_000));

  await rowShown();
  expect(api.requests).toHaveLength(2);
});
