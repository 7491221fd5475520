// In the extras chunk, not the first view: see lazy-session-states.tsx.
import { AlertTriangle, Info, SearchX, X } from 'lucide-react';
import { Link } from 'react-router';
import { describeSidFormat, SID_KINDS, type SidProblem } from '#src/api/contract/sids.ts';
import { buttonVariants } from '#src/components/ui/button.tsx';
import { StatePanel } from '#src/components/state-panel.tsx';
import type { SessionListSearch } from '#src/lib/list-search.ts';
import { StatusLinksSlot } from '#src/features/sessions/status/lazy-status-links.tsx';
import type { StatusCountsState } from '#src/features/sessions/status/use-status-counts.ts';

/**
 * A link whose sids do not parse: each bad one named with its format, nothing requested, and a
 * way on. `learnerList` (the detail, when only its session sid is wrong) offers that learner's
 * sessions before the home page.
 */
export function InvalidSidsState({
  problems,
  learnerList,
}: {
  problems: SidProblem[];
  learnerList?: string;
}) {
  const [only] = problems;
  const title =
    problems.length === 1 && only
      ? `This link has a malformed ${SID_KINDS[only.kind].label} sid`
      : 'This link has malformed sids';
  return (
    <StatePanel
      role="alert"
      title={title}
      icon={<AlertTriangle aria-hidden="true" className="size-5 text-danger" />}
    >
      <ul className="space-y-2 text-left">
        {problems.map((problem) => (
          <li key={problem.param}>
            The {SID_KINDS[problem.kind].label} sid{' '}
            <code className="rounded bg-surface-hover px-1 font-mono break-all text-ink">
              {problem.value || '(empty)'}
            </code>{' '}
            is not valid. A valid {SID_KINDS[problem.kind].label} sid is{' '}
            {describeSidFormat(problem.kind)}.
          </li>
        ))}
      </ul>
      <p>
        Nothing was requested from SmarterProctoring. Check the link you were sent, or{' '}
        {learnerList === undefined
          ? 'start again from the home page.'
          : 'open this learner’s sessions and pick one.'}
      </p>
      <div className="flex flex-wrap justify-center gap-2">
        {learnerList === undefined ? null : (
          <Link to={learnerList} className={buttonVariants({ variant: 'primary' })}>
            Open this learner’s sessions
          </Link>
        )}
        <Link
          to="/"
          className={
            learnerList === undefined ? buttonVariants({ variant: 'primary' }) : buttonVariants()
          }
        >
          Go to the home page
        </Link>
      </div>
    </StatePanel>
  );
}

export function EmptyState({
  view,
  statusCounts,
  onClearFilters,
  onIncludeActive,
}: {
  view: SessionListSearch;
  /** The learner's counts under this view's includeActive: they say where the sessions are. */
  statusCounts: StatusCountsState;
  onClearFilters: () => void;
  onIncludeActive: () => void;
}) {
  // Only the status filter narrows the list; sort and including in-progress sessions never hide one.
  const filters = view.statuses.length > 0 ? view.statuses.join(', ') : null;
  return (
    <StatePanel
      role="status"
      title={filters ? 'No sessions match this view' : 'No exam sessions yet'}
      icon={<SearchX aria-hidden="true" className="size-5 text-ink-muted" />}
      footer={
        filters ? (
          <StatusLinksSlot
            counts={statusCounts}
            search={view}
            name="Statuses with sessions"
            heading="This learner has sessions with these statuses:"
            className="space-y-2 [&_ul]:justify-center"
          />
        ) : undefined
      }
    >
      {filters ? (
        <>
          <p>
            No sessions for this learner and exam match{' '}
            <span className="font-medium text-ink">{filters}</span>.
          </p>
          <div className="flex flex-wrap justify-center gap-2">
            <button
              type="button"
              onClick={onClearFilters}
              className={buttonVariants({ variant: 'primary' })}
            >
              Clear filters
            </button>
            {view.includeActive ? null : (
              <button type="button" onClick={onIncludeActive} className={buttonVariants()}>
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
              <button type="button" onClick={onIncludeActive} className={buttonVariants()}>
                Include in-progress sessions
              </button>
            </>
          )}
        </>
      )}
    </StatePanel>
  );
}

export function ListNotice({ notice, onDismiss }: { notice: string; onDismiss: () => void }) {
  return (
    <div
      role="status"
      className="flex items-start gap-2 rounded-lg border border-warning-line bg-warning-soft px-3 py-2 text-sm text-ink"
    >
      <Info aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <p className="flex-1">{notice}</p>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss notice"
        className="inline-flex min-h-6 min-w-6 items-center justify-center rounded p-1 hover:bg-surface-hover"
      >
        <X aria-hidden="true" className="size-4" />
      </button>
    </div>
  );
}
