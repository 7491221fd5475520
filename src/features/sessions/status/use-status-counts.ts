import { useQuery } from '@tanstack/react-query';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES, type FilterableStatus } from '#src/api/contract/session-status.ts';
import { statusCountsEndpoint, type StatusCounts } from '#src/api/contract/status-counts.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import { useHydrated } from '#src/lib/use-hydrated.ts';

export type StatusCountsState = Readonly<StatusCounts> | 'unavailable' | undefined;

/** Each refresh costs seven upstream calls. */
const COUNTS_REFRESH_FLOOR_SECONDS = 60;

/** Asked for only in the browser, once the rows are on screen, so they never hold the rows up. */
export function useStatusCounts(
  sids: SessionListSids,
  includeActive: boolean,
  rowsShown: boolean,
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

export function statusesWithSessions(
  counts: Readonly<StatusCounts>,
): { status: FilterableStatus; count: number }[] {
  return FILTERABLE_STATUSES.flatMap((status) => {
    const count = counts[status];
    return count !== null && count > 0 ? [{ status, count }] : [];
  });
}
