import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, Info } from 'lucide-react';
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

const OUT_OF_DATE: ErrorCopy = {
  title: 'This dashboard is out of date',
  advice: 'Reload the page to get the current version.',
  retry: true,
};

const BAD_LINK_ADVICE = 'Reset the view, or check the link you were sent.';
const SIGN_IN_AGAIN = 'Sign in again with a current token, and you will come back here.';

const ERROR_COPY: Record<ClientErrorCode, ErrorCopy> = {
  bad_request: {
    title: 'The server could not accept this request',
    advice: BAD_LINK_ADVICE,
    retry: false,
  },
  route_not_found: OUT_OF_DATE,
  token_refused: {
    title: 'SmarterProctoring refused the dashboard’s API token',
    advice: 'Ask your administrator to renew the token, then try again.',
    retry: true,
  },
  token_unavailable: {
    title: 'The dashboard cannot sign in to SmarterProctoring',
    advice: 'Tell your administrator; the dashboard keeps trying, so try again in a few minutes.',
    retry: true,
  },
  not_found: {
    title: 'SmarterProctoring has nothing at these sids',
    advice: 'A sid in this link may be wrong: check the link with whoever sent it.',
    retry: false,
  },
  rate_limited: {
    title: 'Too many requests to SmarterProctoring',
    advice: 'Wait a moment, then try again.',
    retry: true,
  },
  upstream_error: {
    title: 'SmarterProctoring had a problem',
    advice: 'It is usually brief: try again in a minute.',
    retry: true,
  },
  upstream_unreachable: {
    title: 'SmarterProctoring cannot be reached',
    advice: 'Try again in a minute; if it keeps happening, tell your administrator.',
    retry: true,
  },
  upstream_timeout: {
    title: 'SmarterProctoring took too long to answer',
    advice: 'Try again; fewer rows per page can help.',
    retry: true,
  },
  malformed_response: {
    title: 'SmarterProctoring sent data this dashboard cannot read',
    advice: 'Try again; if it keeps happening, tell your administrator.',
    retry: true,
  },
  upstream_too_large: {
    title: 'SmarterProctoring sent far more data than asked for',
    advice: 'Try fewer rows per page; if it keeps happening, tell your administrator.',
    retry: true,
  },
  too_many_requests: {
    title: 'Too many requests to the dashboard',
    advice: 'Wait a moment, then try again.',
    retry: true,
  },
  quota_spent: {
    title: 'The dashboard has used its share of SmarterProctoring for this minute',
    advice: 'It pauses so that learners can still start exams, and asks again by itself.',
    retry: true,
  },
  quota_held_back: {
    title: 'Held back to spare the API quota',
    advice: 'It comes back by itself once the quota allows.',
    retry: true,
  },
  upstream_unavailable: {
    title: 'SmarterProctoring is not answering',
    advice: 'Nothing you did caused this; the page asks again by itself.',
    retry: true,
  },
  method_not_allowed: OUT_OF_DATE,
  uri_too_long: {
    title: 'This link is too long',
    advice: BAD_LINK_ADVICE,
    retry: false,
  },
  sign_in_required: {
    title: 'Sign in to see sessions',
    advice: 'Sign in with your own SmarterProctoring token, and you will come back here.',
    retry: false,
  },
  user_token_refused: {
    title: 'SmarterProctoring refused your token',
    advice: SIGN_IN_AGAIN,
    retry: false,
  },
  session_expired: {
    title: 'Your token has expired',
    advice: SIGN_IN_AGAIN,
    retry: false,
  },
  internal_error: {
    title: 'The dashboard server hit a problem',
    advice: 'Try again; if it keeps happening, tell your administrator.',
    retry: true,
  },
  offline: {
    title: 'You are offline',
    advice: 'Check your network connection, then try again.',
    retry: true,
  },
  server_unreachable: {
    title: 'The dashboard server cannot be reached',
    advice: 'It may be restarting: check your connection, then try again.',
    retry: true,
  },
};

/** In demo mode nothing comes from SmarterProctoring, so a missing resource must not sound like it did. */
const DEMO_NOT_FOUND: ErrorCopy = {
  title: 'The demo has no data at these sids',
  advice: 'Only the sids in the demo links have data: open one of those instead.',
  retry: false,
};

/** The failures only signing in (again) can fix, and what the sign-in page says about each. */
const SIGN_IN_PROBLEM_OF: Partial<Record<ClientErrorCode, SignInProblem | null>> = {
  sign_in_required: null,
  session_expired: 'expired',
  user_token_refused: 'refused',
};

/** Waits a server names (HTTP 429, an open breaker) that the panel counts down. */
const COUNTED_DOWN: ReadonlySet<ClientErrorCode> = new Set([
  'rate_limited',
  'too_many_requests',
  'quota_spent',
  'upstream_unavailable',
]);

/**
 * Why a request to our /api failed, in plain words, with the ways forward that fit the failure:
 * try again (by itself once a rate limit's wait is over), reload, reset the view, sign in, or go
 * home. What the server said, which may name settings staff cannot change, is folded away.
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
  // Asking again before a rate limit's wait is over only extends it: hold Try again until then,
  // then ask once by itself.
  const waitSeconds = COUNTED_DOWN.has(code) && retryAfterSeconds ? retryAfterSeconds : 0;
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
      footer={
        // Outside the alert: the ticking wait and the folded details are not read out with it.
        <>
          {waiting ? (
            <p role="timer" className="mb-4 font-medium text-ink tabular-nums">
              Trying again in {secondsLeft} s
            </p>
          ) : null}
          <AdminDetails error={error} />
        </>
      }
    >
      <p>{copy.advice}</p>
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
 * A refresh of rows already on screen failed (Auto-refresh, coming back to the tab): the rows stay,
 * as the last ones fetched, and the next refresh tries again by itself.
 */
export function RefreshFailedNotice({
  isRetrying,
  onRetry,
}: {
  isRetrying: boolean;
  onRetry: () => void;
}) {
  return (
    <div
      role="status"
      className="flex flex-wrap items-center gap-2 rounded-lg border border-warning-line bg-warning-soft px-3 py-2 text-sm text-ink"
    >
      <Info aria-hidden="true" className="size-4 shrink-0" />
      <p className="flex-1">
        Could not refresh the sessions just now; these rows are from the last time it worked.
      </p>
      <button
        type="button"
        onClick={onRetry}
        disabled={isRetrying}
        className={buttonVariants({ size: 'sm' })}
      >
        {isRetrying ? 'Trying again…' : 'Try again'}
      </button>
    </div>
  );
}

function AdminDetails({ error }: { error: unknown }) {
  const apiError = error instanceof ApiError ? error : null;
  const said = error instanceof Error ? error.message : String(error);
  const code = apiError
    ? `${apiError.code}${apiError.status ? ` (HTTP ${apiError.status})` : ''}`
    : null;
  return (
    <details className="text-left">
      <summary className="cursor-pointer text-center font-medium text-accent">
        Details for your administrator
      </summary>
      <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
        <dt className="font-medium text-ink">What the server said</dt>
        <dd>{said}</dd>
        {code === null ? null : (
          <>
            <dt className="font-medium text-ink">Error code</dt>
            <dd>
              <code className="font-mono">{code}</code>
            </dd>
          </>
        )}
        {apiError?.requestId === undefined ? null : (
          <>
            <dt className="font-medium text-ink">Request id</dt>
            <dd>
              <code className="font-mono break-all">{apiError.requestId}</code>
            </dd>
          </>
        )}
      </dl>
    </details>
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
