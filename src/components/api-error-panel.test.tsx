import { act, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';
import { ApiError } from '#src/api/http.ts';
import { serverInfoOptions } from '#src/api/server-info-query.ts';
import { createQueryClient } from '#src/app/providers.tsx';
import { ApiErrorPanel } from '#src/components/api-error-panel.tsx';
import { renderInRouter } from '#src/testing/render.tsx';
import { SESSIONS_PATH } from '#src/testing/session-fixtures.ts';

afterEach(() => {
  vi.useRealTimers();
});

/**
 * A client that already knows the server is not a demo, so the panel makes no request and the
 * fake clock drives everything that happens.
 */
function answeredClient() {
  const queryClient = createQueryClient();
  queryClient.setQueryData(serverInfoOptions.queryKey, {
    mode: 'upstream',
    access: { mode: 'shared' },
  });
  return queryClient;
}

function renderPanel(
  error: unknown,
  { url = SESSIONS_PATH, isRetrying = false }: { url?: string; isRetrying?: boolean } = {},
) {
  const onRetry = vi.fn<() => void>();
  const view = renderInRouter(
    <ApiErrorPanel error={error} isRetrying={isRetrying} onRetry={onRetry} />,
    { url, queryClient: answeredClient() },
  );
  return { ...view, onRetry };
}

function rateLimited(seconds?: number) {
  return new ApiError(
    'rate_limited',
    `The SmarterProctoring API is receiving too many requests from this server. Try again in ${seconds ?? 60} seconds.`,
    429,
    seconds,
  );
}

function advance(ms: number) {
  act(() => {
    vi.advanceTimersByTime(ms);
  });
}

function alertPanel(): HTMLElement {
  return screen.getByRole('alert', { name: 'Too many requests to SmarterProctoring' });
}

function tryAgain(): HTMLElement {
  return within(alertPanel()).getByRole('button', { name: 'Try again' });
}

/** What a sighted user reads that matches: what a closed <details> folds away is not shown. */
function visibleText(pattern: RegExp): string[] {
  return screen
    .queryAllByText(pattern)
    .filter((element) => element.closest('details:not([open]) > :not(summary)') === null)
    .map((element) => element.textContent);
}

async function openAdminDetails() {
  await userEvent.click(screen.getByText('Details for your administrator'));
}

test('what the server said, which names a setting staff cannot change, is folded into details for the administrator', async () => {
  const message =
    "The SmarterProctoring API refused the server's API token when asked for the session list. Ask an administrator to check SP_API_TOKEN.";
  renderPanel(new ApiError('token_refused', message, 502, undefined, undefined, 'req-7f3a'));
  const alert = screen.getByRole('alert', {
    name: 'SmarterProctoring refused the dashboard’s API token',
  });

  expect(alert).toHaveTextContent('Ask your administrator to renew the token, then try again.');
  expect(visibleText(/SP_API/)).toEqual([]);
  expect(screen.getByText(message)).not.toBeVisible();

  await openAdminDetails();

  expect(screen.getByText(message)).toBeVisible();
  expect(screen.getByText('token_refused (HTTP 502)')).toBeVisible();
  expect(screen.getByText('req-7f3a')).toBeVisible();
});

test('when the server cannot get its token, staff read that it cannot sign in; the settings to check are for the administrator', async () => {
  const message =
    'Sign-in to SmarterProctoring is failing: the dashboard could not get a token from login.example.edu. Ask an administrator to check SP_OIDC_ISSUER, SP_CLIENT_ID and SP_CLIENT_SECRET.';
  renderPanel(new ApiError('token_unavailable', message, 502));
  const alert = screen.getByRole('alert', {
    name: 'The dashboard cannot sign in to SmarterProctoring',
  });

  expect(alert).toHaveTextContent('Tell your administrator');
  expect(visibleText(/SP_OIDC_ISSUER/)).toEqual([]);
  await openAdminDetails();
  expect(screen.getByText(message)).toBeVisible();
});

test('a rate limit shows one countdown: the server’s own wait is only in the details', async () => {
  renderPanel(rateLimited(30));

  expect(visibleText(/\d+ s(econds)?\b/)).toEqual(['Trying again in 30 s']);
  await openAdminDetails();
  expect(screen.getByText(/Try again in 30 seconds\./)).toBeVisible();
});

test('a rate limit with a wait counts down each second with Try again held, then tries again once by itself', async () => {
  vi.useFakeTimers();
  const { onRetry } = renderPanel(rateLimited(3));

  expect(screen.getByRole('timer')).toHaveTextContent('Trying again in 3 s');
  expect(tryAgain()).toBeDisabled();

  advance(1_000);
  expect(screen.getByRole('timer')).toHaveTextContent('Trying again in 2 s');
  expect(tryAgain()).toBeDisabled();

  advance(1_000);
  expect(screen.getByRole('timer')).toHaveTextContent('Trying again in 1 s');

  advance(999);
  expect(tryAgain()).toBeDisabled();
  expect(onRetry).not.toHaveBeenCalled();

  advance(1);
  expect(onRetry).toHaveBeenCalledTimes(1);
  expect(tryAgain()).toBeEnabled();
  expect(screen.queryByRole('timer')).not.toBeInTheDocument();

  // Once, not every second from now on; after that, trying again is the user's to choose.
  advance(10_000);
  expect(onRetry).toHaveBeenCalledTimes(1);
  // The wait is over: click on the real clock (user-event's wrapper waits on a real timeout).
  vi.useRealTimers();
  await userEvent.click(tryAgain());
  expect(onRetry).toHaveBeenCalledTimes(2);
});

test('the countdown ticks outside the alert, so screen readers do not hear every second', () => {
  vi.useFakeTimers();
  renderPanel(rateLimited(30));

  expect(alertPanel()).not.toContainElement(screen.getByRole('timer'));
  expect(alertPanel()).toHaveTextContent('Wait a moment, then try again.');
});

test('a new rate limit while the panel is shown starts a new wait', () => {
  vi.useFakeTimers();
  const { rerender, onRetry } = renderPanel(rateLimited(3));
  advance(3_000);
  expect(onRetry).toHaveBeenCalledTimes(1);

  rerender(<ApiErrorPanel error={rateLimited(5)} isRetrying={false} onRetry={onRetry} />);

  expect(screen.getByRole('timer')).toHaveTextContent('Trying again in 5 s');
  expect(tryAgain()).toBeDisabled();
  advance(4_999);
  expect(onRetry).toHaveBeenCalledTimes(1);
  advance(1);
  expect(onRetry).toHaveBeenCalledTimes(2);
});

test('when a retry is already on its way as the wait ends, no second one is started', () => {
  vi.useFakeTimers();
  const { onRetry } = renderPanel(rateLimited(2), { isRetrying: true });

  advance(2_000);

  expect(onRetry).not.toHaveBeenCalled();
  expect(within(alertPanel()).getByRole('button', { name: 'Trying again…' })).toBeDisabled();
});

test('our own rate limit is not blamed on SmarterProctoring', () => {
  vi.useFakeTimers();
  renderPanel(
    new ApiError(
      'too_many_requests',
      'You have made more than 600 requests to the dashboard in a minute. Try again in 20 seconds.',
      429,
      20,
    ),
  );
  const alert = screen.getByRole('alert', { name: 'Too many requests to the dashboard' });

  expect(alert).not.toHaveTextContent('SmarterProctoring');
  expect(screen.getByRole('timer')).toHaveTextContent('Trying again in 20 s');
  expect(within(alert).getByRole('button', { name: 'Try again' })).toBeDisabled();
});

test('a rate limit without a wait keeps Try again enabled and starts no countdown', async () => {
  vi.useFakeTimers();
  const { onRetry } = renderPanel(rateLimited());

  expect(tryAgain()).toBeEnabled();
  expect(screen.queryByRole('timer')).not.toBeInTheDocument();
  advance(60_000);
  expect(onRetry).not.toHaveBeenCalled();

  vi.useRealTimers();
  await userEvent.click(tryAgain());
  expect(onRetry).toHaveBeenCalledTimes(1);
});

test('sign_in_required sends the user to sign in, to come back to this view', () => {
  const url = `${SESSIONS_PATH}?status=incident&page=2`;
  const { router } = renderPanel(
    new ApiError('sign_in_required', 'Sign in to use this dashboard.', 401),
    { url },
  );

  const target = `/sign-in?${new URLSearchParams({ next: url })}`;
  expect(`${router.state.location.pathname}${router.state.location.search}`).toBe(target);
  expect(router.state.historyAction).toBe('REPLACE');
  // The panel stays in this test (it is not behind a route), so the link can be read as well.
  const alert = screen.getByRole('alert', { name: 'Sign in to see sessions' });
  expect(within(alert).getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', target);
  expect(within(alert).queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
});

test('session_expired says so on the sign-in page it sends the user to', () => {
  const { router } = renderPanel(new ApiError('session_expired', 'Your token expired.', 401));

  const target = `/sign-in?${new URLSearchParams({ next: SESSIONS_PATH, problem: 'expired' })}`;
  expect(`${router.state.location.pathname}${router.state.location.search}`).toBe(target);
  expect(router.state.historyAction).toBe('REPLACE');
  const alert = screen.getByRole('alert', { name: 'Your token has expired' });
  expect(within(alert).getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', target);
  expect(within(alert).queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
});

test('other errors do not leave the page', () => {
  const { router } = renderPanel(new ApiError('not_found', 'Nothing here.', 404));

  expect(router.state.location.pathname).toBe(SESSIONS_PATH);
  expect(router.state.historyAction).toBe('POP');
  expect(screen.queryByRole('link', { name: 'Sign in' })).not.toBeInTheDocument();
});
