import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { signInPath, type SignInProblem } from '#src/api/contract/sign-in.ts';
import { ApiError, type ClientErrorCode } from '#src/api/http.ts';
import { serverInfoOptions, useIsDemo } from '#src/api/server-info-query.ts';
import { buttonVariants } from '#src/components/ui/button.tsx';
import { StatePanel } from '#src/components/state-panel.tsx';
import { useCountdown } from '#src/lib/use-countdown.ts';
import { whenVisible } from '#src/lib/when-visible.ts';

interface ErrorCopy {
  title: string;
  advice: string;
  retry: boolean;
}

const ERROR_COPY: Record<ClientErrorCode, ErrorCopy> = {
  bad_request: {
    title: 'The server could not accept this request',
    advice: 'Reset the view, or check the link you were sent.',
    retry: false,
  },
  route_not_found: {
    title: 'This dashboard is out of date',
    advice: 'Reload the page to get the current version.',
    retry: true,
  },
  token_refused: {
    title: 'SmarterProctoring refused the dashboard’s API token',
    advice:
      'The token may have expired or may not have access to this install. Try again once it has been renewed.',
    retry: true,
  },
  not_found: {
    title: 'SmarterProctoring has nothing at these sids',
    advice:
      'A sid in this link does not exist, or is not visible to this token. Check the link with whoever sent it.',
    retry: false,
  },
  rate_limited: {
    title: 'Too many requests to SmarterProctoring',
    advice: 'The API asked the dashboard to slow down. Wait a moment, then try again.',
    retry: true,
  },
  upstream_error: {
    title: 'SmarterProctoring had a problem',
    advice: 'The API answered with an error. It is usually brief: try again in a minute.',
    retry: true,
  },
  upstream_unreachable: {
    title: 'SmarterProctoring cannot be reached',
    advice: 'The dashboard server could not connect to the API. Try again in a minute.',
    retry: true,
  },
  upstream_timeout: {
    title: 'SmarterProctoring took too long to answer',
    advice: 'The API did not answer in time. Try again; a smaller page size can help.',
    retry: true,
  },
  malformed_response: {
    title: 'SmarterProctoring sent data this dashboard cannot read',
    advice:
      'The answer did not have the expected shape, so nothing was shown rather than something wrong. Try again; if it persists, tell the dashboard team.',
    retry: true,
  },
  upstream_too_large: {
    title: 'SmarterProctoring sent far more data than asked for',
    advice:
      'The answer was too large to read safely, so nothing was shown. Try a smaller page size; if it persists, tell the dashboard team.',
    retry: true,
  },
  too_many_requests: {
    title: 'Too many requests from this browser',
    advice:
      'The dashboard server limits how often one browser may ask. Wait a moment, then try again.',
    retry: true,
  },
  quota_spent: {
    title: 'The dashboard has used its share of SmarterProctoring for this minute',
    advice:
      'Your institution’s API token is shared with its exam delivery, so the dashboard pauses before learners could be kept from starting exams. The page asks again by itself when the minute is over.',
    retry: true,
  },
  quota_held_back: {
    title: 'Held back to spare the API quota',
    advice:
      'This extra is skipped while the dashboard’s share of SmarterProctoring runs low, so learners can still start exams. It comes back by itself.',
    retry: true,
  },
  upstream_unavailable: {
    title: 'SmarterProctoring is not answering',
    advice:
      'The dashboard stopped asking for a few seconds rather than make everyone wait. It tries again by itself; nothing you did caused this.',
    retry: true,
  },
  method_not_allowed: {
    title: 'This dashboard is out of date',
    advice: 'Reload the page to get the current version.',
    retry: true,
  },
  uri_too_long: {
    title: 'This link is too long',
    advice:
      'The address is longer than the server accepts. Reset the view, or check the link you were sent.',
    retry: false,
  },
  sign_in_required: {
    title: 'Sign in to see sessions',
    advice:
      'This dashboard needs your own SmarterProctoring token. Sign in, and you will come back here.',
    retry: false,
  },
  user_token_refused: {
    title: 'SmarterProctoring refused your token',
    advice: 'Sign in again with a current token, and you will come back here.',
    retry: false,
  },
  session_expired: {
    title: 'Your token has expired',
    advice: 'Sign in again with a current token, and you will come back here.',
    retry: false,
  },
  internal_error: {
    title: 'The dashboard server hit a problem',
    advice:
      'Something went wrong inside the dashboard server. Try again; if it persists, tell the dashboard team.',
    retry: true,
  },
  offline: {
    title: 'You are offline',
    advice: 'Check your network connection, then try again.',
    retry: true,
  },
  server_unreachable: {
    title: 'The dashboard server cannot be reached',
    advice: 'It may be restarting. Check your connection and try again.',
    retry: true,
  },
};

/** In demo mode nothing comes from SmarterProctoring, so a missing resource must not sound like it did. */
const DEMO_NOT_FOUND: ErrorCopy = {
  title: 'The demo has no data at these sids',
  advice: 'Only the sids in the demo links have data; anything else is unknown to the demo.',
  retry: false,
};

/** Who asked for a wait (HTTP 429), named when the answer says how long to wait. */
/** The failures only signing in (again) can fix, and what the sign-in page says about each. */
const SIGN_IN_PROBLEM_OF: Partial<Record<ClientErrorCode, SignInProblem | null>> = {
  sign_in_required: null,
  session_expired: 'expired',
  user_token_refused: 'refused',
};

const LIMITED_BY: Partial<Record<ClientErrorCode, string>> = {
  rate_limited: 'SmarterProctoring',
  too_many_requests: 'The dashboard server',
  quota_spent: 'The dashboard server',
  upstream_unavailable: 'The dashboard server',
};

/** What the wait is for, in the line that counts it down. */
const WAITING_ON: Partial<Record<ClientErrorCode, string>> = {
  quota_spent: 'Sparing the API quota',
  upstream_unavailable: 'SmarterProctoring is not answering',
};

/**
 * Why a request to our /api failed, in plain words, with the ways forward that fit the failure:
 * try again (by itself once a rate limit's wait is over), reload, reset the view, sign in, or go
 * home.
 */
export function ApiErrorPanel({
  error,
  isRetrying,
  onRetry,
  onReset,
}: {
  error: unknown;
  /** A retry is on its way: the button says so instead of looking dead. */
  isRetrying: boolean;
  onRetry: () => void;
  /** Offered for a request the server refused: back to a view that is known to be valid. */
  onReset?: () => void;
}) {
  const isDemo = useIsDemo();
  const apiError = error instanceof ApiError ? error : null;
  const code = apiError?.code ?? 'upstream_error';
  const demoNotFound = isDemo && code === 'not_found';
  const copy = demoNotFound ? DEMO_NOT_FOUND : ERROR_COPY[code];
  // An out-of-date page needs new code, which only a reload brings.
  const retry = code === 'route_not_found' ? () => window.location.reload() : onRetry;

  const retryAfterSeconds = apiError?.retryAfterSeconds;
  const limitedBy = LIMITED_BY[code];
  // Asking again before a rate limit's wait is over only extends it: hold Try again until then,
  // then ask once by itself.
  const waitSeconds = limitedBy !== undefined && retryAfterSeconds ? retryAfterSeconds : 0;
  const secondsLeft = useCountdown(waitSeconds, error, () => {
    if (!isRetrying) whenVisible(onRetry);
  });
  const waiting = secondsLeft > 0;

  const needsSignIn = code in SIGN_IN_PROBLEM_OF;

  return (
    <StatePanel
      role="alert"
      title={copy.title}
      icon={<AlertTriangle aria-hidden="true" className="size-5 text-danger" />}
    >
      {apiError ? <p className="text-ink">{apiError.message}</p> : null}
      <p>
        {copy.advice}
        {retryAfterSeconds
          ? ` ${limitedBy ?? 'The server'} suggests waiting ${retryAfterSeconds} seconds.`
          : ''}
      </p>
      {waitSeconds > 0 ? (
        <>
          {/* Hidden from screen readers: inside the alert, every tick would be read out. */}
          {waiting ? (
            <p aria-hidden="true" className="font-medium text-ink tabular-nums">
              {WAITING_ON[code] ?? 'Rate limited'}, trying again in {secondsLeft} s
            </p>
          ) : null}
          {/* The wait, said once and politely; emptied (which is not read) when it is over. */}
          <p role="status" className="sr-only">
            {waiting
              ? `${WAITING_ON[code] ?? 'Rate limited'}, trying again in ${waitSeconds} seconds.`
              : ''}
          </p>
        </>
      ) : null}
      <div className="flex flex-wrap justify-center gap-2">
        {copy.retry ? (
          <button
            type="button"
            onClick={retry}
            disabled={isRetrying || waiting}
            className={buttonVariants({ variant: 'primary' })}
          >
            {isRetrying
              ? 'Trying again…'
              : code === 'route_not_found'
                ? 'Reload the page'
                : 'Try again'}
          </button>
        ) : null}
        {needsSignIn ? (
          // Keyed so that a change from one sign-in error to the other moves the user again.
          <SignInRedirect key={code} problem={SIGN_IN_PROBLEM_OF[code] ?? undefined} />
        ) : null}
        {code === 'bad_request' && onReset ? (
          <button type="button" onClick={onReset} className={buttonVariants()}>
            Reset the view
          </button>
        ) : null}
        <Link
          to="/"
          className={demoNotFound ? buttonVariants({ variant: 'primary' }) : buttonVariants()}
        >
          {demoNotFound ? 'Open the demo links' : 'Go to the home page'}
        </Link>
      </div>
    </StatePanel>
  );
}

/**
 * A 401 from our server in per-user mode: no retry can help, only signing in, after which the
 * sign-in page sends the user back to this view. The user is moved at once; the link covers the
 * moment before, and a move that did not happen.
 */
function SignInRedirect({ problem }: { problem: SignInProblem | undefined }) {
  const location = useLocation();
  const navigate = useNavigate();
  // Fixed on mount: once on the sign-in page, the location is no longer the view to return to.
  const [to] = useState(() => signInPath(`${location.pathname}${location.search}`, problem));
  const queryClient = useQueryClient();
  const moved = useRef(false);
  useEffect(() => {
    // `navigate` changes with the location; that must not move the user a second time.
    if (moved.current) return;
    moved.current = true;
    // What the page knew of the session is out of date: the sign-in page must show its form
    // (and, in the demo, a fresh demo token), not "You are signed in".
    void queryClient.resetQueries({ queryKey: serverInfoOptions.queryKey });
    void navigate(to, { replace: true });
  }, [navigate, queryClient, to]);
  return (
    <Link to={to} replace className={buttonVariants({ variant: 'primary' })}>
      Sign in
    </Link>
  );
}
