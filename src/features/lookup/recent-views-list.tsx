import { History, X } from 'lucide-react';
import { Link } from 'react-router';
import { buttonVariants } from '#src/components/ui/button.tsx';
import {
  clearRecentViews,
  recentViewHref,
  recentViewPath,
  removeRecentView,
  useRecentViews,
  type RecentView,
} from '#src/lib/recent-views/recent-views.ts';
import { DEFAULT_LIST_SEARCH, parseListSearch } from '#src/lib/list-search.ts';

/** A sid shortened for reading; the link holds it whole. */
function shortSid(sid: string): string {
  return `${sid.slice(0, 8)}…`;
}

/** Who and which session: what a person recognises an entry by. */
export function recentViewTitle(view: RecentView): string {
  const who = view.learnerName ?? `Learner ${shortSid(view.enrollmentSid)}`;
  return view.sessionSid === undefined ? who : `${who}, session ${shortSid(view.sessionSid)}`;
}

/** Where, and for a list which part of it: the install, the exam and the view's filters. */
export function recentViewDetails(view: RecentView): string {
  const parts = [view.installName ?? `Install ${shortSid(view.installSid)}`];
  parts.push(view.examName ?? `exam ${shortSid(view.examSid)}`);
  if (view.sessionSid === undefined) {
    const { search } = parseListSearch(new URLSearchParams(view.search));
    parts.push(search.statuses.length === 0 ? 'all statuses' : search.statuses.join(', '));
    if (search.sort !== DEFAULT_LIST_SEARCH.sort) parts.push('oldest first');
    if (search.includeActive) parts.push('with in-progress');
    if (search.limit !== DEFAULT_LIST_SEARCH.limit) parts.push(`${String(search.limit)} per page`);
    if (search.page !== DEFAULT_LIST_SEARCH.page) parts.push(`page ${String(search.page)}`);
  }
  return parts.join(' · ');
}

/** The views this browser showed last; nothing at all until hydrated (storage is the browser's). */
export function RecentViews() {
  const views = useRecentViews();
  if (views === null) return null;
  return (
    <section aria-labelledby="recent-title" className="rounded-lg border border-line bg-surface">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line px-4 py-3">
        <h2 id="recent-title" className="flex items-center gap-2 font-semibold">
          <History aria-hidden="true" className="size-4 text-accent" />
          Recently viewed
        </h2>
        {views.length > 1 ? (
          <button type="button" className={buttonVariants()} onClick={clearRecentViews}>
            Clear all
          </button>
        ) : null}
      </div>
      {views.length === 0 ? (
        <p className="px-4 py-3 text-sm text-ink-muted">
          Lists and sessions you open are listed here, in this browser only.
        </p>
      ) : (
        <ul className="divide-y divide-line">
          {views.map((view) => {
            const title = recentViewTitle(view);
            const details = recentViewDetails(view);
            return (
              <li key={recentViewPath(view)} className="flex items-center gap-2 pr-2">
                <Link
                  to={recentViewHref(view)}
                  className="min-w-0 flex-1 px-4 py-3 hover:bg-surface-hover"
                >
                  <span className="block font-medium text-accent">{title}</span>
                  <span className="block text-sm break-words text-ink-muted">{details}</span>
                </Link>
                <button
                  type="button"
                  // Two entries can share a title (one learner, two exams): the details tell them apart.
                  aria-label={`Remove ${title} (${details})`}
                  className={buttonVariants()}
                  onClick={() => removeRecentView(view)}
                >
                  <X aria-hidden="true" className="size-4" />
                  Remove
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
