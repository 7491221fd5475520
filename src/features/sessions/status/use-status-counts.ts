import { useQuery } from '@tanstack/react-query';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES, type FilterableStatus } from '#src/api/contract/session-status.ts';
import { statusCountsEndpoint, type StatusCounts } from '#src/api/contract/status-counts.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import { useHydrated } from '#src/lib/use-hydrated.ts';

/** The counts, 'unavailable' when they could not be had, or undefined while there are none yet. */
export type StatusCountsState = Readonly<StatusCounts> | 'unavailable' | undefined;

/**
 * Seven upstream calls per refresh: under Auto-refresh the counts follow the list, but no more
 * often than this, so a tab left open costs the institution's rate limit at most 7 calls a minute.
 */
const COUNTS_REFRESH_FLOOR_SECONDS = 60;

/**
 * The status filter's counts under the view's includeActive. They are asked for only in the
 * browser, once this view's rows are on screen (`rowsShown`), so they never hold the rows up.
 */
export function useStatusCounts(
  sids: SessionListSids,
  includeActive: boolean,
  rowsShown: boolean,
  /** Auto-refresh's interval in seconds as it runs now; null when it is off or held. */
  refreshSeconds: number | null,
): StatusCountsState {
  const hydrated = useHydrated();
  const counts = useQuery({
    ...endpointQuery(statusCountsEndpoint, sids, { includeActive }),
    enabled: hydrated && rowsShown,
    refetchInterval:
      refreshSeconds === null
        ? false
        : Math.max(refreshSeconds, COUNTS_REFRESH_FLOOR_SECONDS) * 1000,
  });
  if (counts.data !== undefined) return counts.data.counts;
  return counts.isError ? 'unavailable' : undefined;
}

/** The statuses that have sessions, in the status filter's order, with their counts. */
export function statusesWithSessions(
  counts: Readonly<StatusCounts>,
): { status: FilterableStatus; count: number }[] {
  return FILTERABLE_STATUSES.flatMap((status) => {
    const count = counts[status];
    return count !== null && count > 0 ? [{ status, count }] : [];
  });
}
