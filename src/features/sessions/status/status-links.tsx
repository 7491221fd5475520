import { Link } from 'react-router';
import type { StatusCounts } from '#src/api/contract/status-counts.ts';
import {
  changeListSearch,
  serializeListSearch,
  type SessionListSearch,
} from '#src/lib/list-search.ts';
import { statusesWithSessions } from '#src/features/sessions/status/use-status-counts.ts';
import { useFormatCount } from '#src/lib/format-number.ts';

export function StatusLinks({
  counts,
  search,
  name,
  heading,
  className = '',
}: {
  counts: Readonly<StatusCounts>;
  search: SessionListSearch;
  /** The group's accessible name, without the heading's closing colon. */
  name: string;
  heading: string;
  className?: string;
}) {
  const formatCount = useFormatCount();
  return (
    <nav aria-label={name} className={className}>
      <p>{heading}</p>
      <ul className="flex flex-wrap gap-1.5">
        {statusesWithSessions(counts).map(({ status, count }) => {
          const current = search.statuses.length === 1 && search.statuses[0] === status;
          return (
            <li key={status}>
              <Link
                to={{
                  search: serializeListSearch(changeListSearch(search, { statuses: [status] })),
                }}
                aria-current={current ? 'true' : undefined}
                className={`inline-flex min-h-6 items-center gap-1 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-line ring-inset ${
                  current
                    ? 'bg-accent text-on-accent'
                    : 'bg-surface text-ink hover:bg-surface-hover'
                }`}
              >
                {status} <span className="font-normal tabular-nums">{formatCount(count)}</span>{' '}
                <span className="sr-only">{count === 1 ? 'session' : 'sessions'}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
