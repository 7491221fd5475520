import { AlertTriangle } from 'lucide-react';
import { Link } from 'react-router';
import { ApiError, type ClientErrorCode } from '#src/api/http.ts';
import { useIsDemo } from '#src/api/server-info-query.ts';
import { buttonStyles } from '#src/components/button-styles.ts';
import { StatePanel } from '#src/components/state-panel.tsx';

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

/**
 * Why a request to our /api failed, in plain words, with the ways forward that fit the failure:
 * try again, reload, reset the view, or go home.
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
  return (
    <StatePanel
      role="alert"
      title={copy.title}
      icon={<AlertTriangle aria-hidden="true" className="size-5 text-red-700" />}
    >
      {apiError ? <p className="text-ink">{apiError.message}</p> : null}
      <p>
        {copy.advice}
        {apiError?.retryAfterSeconds
          ? ` SmarterProctoring suggests waiting ${apiError.retryAfterSeconds} seconds.`
          : ''}
      </p>
      <div className="flex flex-wrap justify-center gap-2">
        {copy.retry ? (
          <button
            type="button"
            onClick={retry}
            disabled={isRetrying}
            className={buttonStyles.primary}
          >
            {isRetrying
              ? 'Trying again…'
              : code === 'route_not_found'
                ? 'Reload the page'
                : 'Try again'}
          </button>
        ) : null}
        {code === 'bad_request' && onReset ? (
          <button type="button" onClick={onReset} className={buttonStyles.secondary}>
            Reset the view
          </button>
        ) : null}
        <Link to="/" className={demoNotFound ? buttonStyles.primary : buttonStyles.secondary}>
          {demoNotFound ? 'Open the demo links' : 'Go to the home page'}
        </Link>
      </div>
    </StatePanel>
  );
}
