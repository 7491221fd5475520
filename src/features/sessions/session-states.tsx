import { AlertTriangle, Info, SearchX, X } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import { describeSidFormat, type SidProblem } from '#src/api/contract.ts';
import { ApiError, type ClientErrorCode } from '#src/api/http.ts';
import { buttonStyles } from '#src/components/button-styles.ts';
import type { SessionView } from '#src/features/sessions/session-view.ts';

function Panel({
  title,
  children,
  icon,
  role,
}: {
  title: string;
  children: ReactNode;
  icon: ReactNode;
  role?: 'alert' | 'status';
}) {
  const titleId = useId();
  return (
    <section
      role={role}
      aria-labelledby={titleId}
      className="rounded-lg border border-line bg-surface px-6 py-10 text-center"
    >
      <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-slate-100">
        {icon}
      </div>
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mx-auto mt-2 max-w-prose space-y-4 text-sm text-ink-muted">{children}</div>
    </section>
  );
}

export function InvalidSidsState({ problems }: { problems: SidProblem[] }) {
  const title =
    problems.length === 1
      ? `This link has a malformed ${problems[0]?.kind} sid`
      : 'This link has malformed sids';
  return (
    <Panel
      role="alert"
      title={title}
      icon={<AlertTriangle aria-hidden="true" className="size-5 text-red-700" />}
    >
      <ul className="space-y-2 text-left">
        {problems.map((problem) => (
          <li key={problem.param}>
            The {problem.kind} sid{' '}
            <code className="rounded bg-slate-100 px-1 font-mono break-all text-ink">
              {problem.value || '(empty)'}
            </code>{' '}
            is not valid. A valid {problem.kind} sid is {describeSidFormat(problem.kind)}.
          </li>
        ))}
      </ul>
      <p>
        Nothing was requested from SmarterProctoring. Check the link you were sent, or start again
        from the home page.
      </p>
      <Link to="/" className={buttonStyles.primary}>
        Go to the home page
      </Link>
    </Panel>
  );
}

export function EmptyState({
  view,
  onClearFilters,
  onIncludeActive,
}: {
  view: SessionView;
  onClearFilters: () => void;
  onIncludeActive: () => void;
}) {
  // Only the status filter narrows the list; sort and including in-progress sessions never hide one.
  const filters = view.statuses.length > 0 ? view.statuses.join(', ') : null;
  return (
    <Panel
      role="status"
      title={filters ? 'No sessions match this view' : 'No exam sessions yet'}
      icon={<SearchX aria-hidden="true" className="size-5 text-ink-muted" />}
    >
      {filters ? (
        <>
          <p>
            No sessions for this learner and exam match{' '}
            <span className="font-medium text-ink">{filters}</span>.
          </p>
          <div className="flex flex-wrap justify-center gap-2">
            <button type="button" onClick={onClearFilters} className={buttonStyles.primary}>
              Clear filters
            </button>
            {view.includeActive ? null : (
              <button type="button" onClick={onIncludeActive} className={buttonStyles.secondary}>
                Include in-progress sessions
              </button>
            )}
          </div>
        </>
      ) : (
        <>
          <p>This learner has no exam sessions for this exam.</p>
          {view.includeActive ? null : (
            <>
              <p>A session that is in progress right now is hidden unless you include it.</p>
              <button type="button" onClick={onIncludeActive} className={buttonStyles.secondary}>
                Include in-progress sessions
              </button>
            </>
          )}
        </>
      )}
    </Panel>
  );
}

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
      'The install, enrollment or exam in this link does not exist, or is not visible to this token. Check the link with whoever sent it.',
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

export function ErrorState({
  error,
  isRetrying,
  onRetry,
  onReset,
}: {
  error: unknown;
  /** A retry is on its way: the button says so instead of looking dead. */
  isRetrying: boolean;
  onRetry: () => void;
  onReset: () => void;
}) {
  const apiError = error instanceof ApiError ? error : null;
  const code = apiError?.code ?? 'upstream_error';
  const copy = ERROR_COPY[code];
  // An out-of-date page needs new code, which only a reload brings.
  const retry = code === 'route_not_found' ? () => window.location.reload() : onRetry;
  return (
    <Panel
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
        {code === 'bad_request' ? (
          <button type="button" onClick={onReset} className={buttonStyles.secondary}>
            Reset the view
          </button>
        ) : null}
        <Link to="/" className={buttonStyles.secondary}>
          Go to the home page
        </Link>
      </div>
    </Panel>
  );
}

export function ViewNotice({ notice, onDismiss }: { notice: string; onDismiss: () => void }) {
  return (
    <div
      role="status"
      className="flex items-start gap-2 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950"
    >
      <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <p className="flex-1">{notice}</p>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss notice"
        className="rounded p-1 hover:bg-amber-100"
      >
        <X aria-hidden="true" className="size-4" />
      </button>
    </div>
  );
}
