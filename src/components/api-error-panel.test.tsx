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
    'SmarterProctoring asked the dashboard to slow down.',
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

test('a rate limit with a wait counts down each second with Try again held, then tries again once by itself', async () => {
  vi.useFakeTimers();
  const { onRetry } = renderPanel(rateLimited(3));

  expect(alertPanel()).toHaveTextContent('Rate limited, trying again in 3 s');
  expect(tryAgain()).toBeDisabled();

  advance(1_000);
  expect(alertPanel()).toHaveTextContent('Rate limited, trying again in 2 s');
  expect(tryAgain()).toBeDisabled();

  advance(1_000);
  expect(alertPanel()).toHaveTextContent('Rate limited, trying again in 1 s');

  advance(999);
  expect(tryAgain()).toBeDisabled();
  expect(onRetry).not.toHaveBeenCalled();

  advance(1);
  expect(onRetry).toHaveBeenCalledTimes(1);
  expect(tryAgain()).toBeEnabled();
  expect(alertPanel()).not.toHaveTextContent('trying again in');

  // Once, not every second from now on; after that, trying again is the user's to choose.
  advance(10_000);
  expect(onRetry).toHaveBeenCalledTimes(1);
  // The wait is over: click on the real clock (user-event's wrapper waits on a real timeout).
  vi.useRealTimers();
  await userEvent.click(tryAgain());
  expect(onRetry).toHaveBeenCalledTimes(2);
});

test('the wait is announced once, politely, and the ticking number is hidden from screen readers', () => {
  vi.useFakeTimers();
  renderPanel(rateLimited(30));
  const status = within(alertPanel()).getByRole('status');
  const ticking = within(alertPanel()).getByText('Rate limited, trying again in 30 s');

  expect(status).toHaveTextContent('Rate limited, trying again in 30 seconds.');
  expect(ticking).toHaveAttribute('aria-hidden', 'true');

  advance(5_000);

  expect(ticking).toHaveTextContent('Rate limited, trying again in 25 s');
  // The live region did not change, so nothing new was read out.
  expect(status).toHaveTextContent(/^Rate limited, trying again in 30 seconds\.$/);

  advance(25_000);

  // Emptied when the wait is over: a removal is not read out either.
  expect(status).toBeEmptyDOMElement();
});

test('a new rate limit while the panel is shown starts a new wait', () => {
  vi.useFakeTimers();
  const { rerender, onRetry } = renderPanel(rateLimited(3));
  advance(3_000);
  expect(onRetry).toHaveBeenCalledTimes(1);

  rerender(<ApiErrorPanel error={rateLimited(5)} isRetrying={false} onRetry={onRetry} />);

  expect(alertPanel()).toHaveTextContent('Rate limited, trying again in 5 s');
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

test('our own rate limit says the dashboard server asked for the wait', () => {
  vi.useFakeTimers();
  renderPanel(new ApiError('too_many_requests', 'Too many requests from this browser.', 429, 20));
  const alert = screen.getByRole('alert', { name: 'Too many requests from this browser' });

  expect(alert).toHaveTextContent('The dashboard server suggests waiting 20 seconds.');
  expect(alert).not.toHaveTextContent('SmarterProctoring');
  expect(alert).toHaveTextContent('Rate limited, trying again in 20 s');
  expect(within(alert).getByRole('button', { name: 'Try again' })).toBeDisabled();
});

test('a rate limit without a wait keeps Try again enabled and starts no countdown', async () => {
  vi.useFakeTimers();
  const { onRetry } = renderPanel(rateLimited());

  expect(tryAgain()).toBeEnabled();
  expect(alertPanel()).not.toHaveTextContent('trying again in');
  expect(within(alertPanel()).queryByRole('status')).not.toBeInTheDocument();
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
