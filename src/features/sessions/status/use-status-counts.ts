import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES, type FilterableStatus } from '#src/api/contract/session-status.ts';
import { statusCountsEndpoint, type StatusCounts } from '#src/api/contract/status-counts.ts';
import { isHeldBack } from '#src/api/http.ts';
import { pageAnsweredQuery } from '#src/api/page-answers.ts';
import { useHydrated } from '#src/lib/use-hydrated.tsx';

/** `held-back`: the server skipped them to spare the institution's API quota. */
export type StatusCountsState = Readonly<StatusCounts> | 'unavailable' | 'held-back' | undefined;

/** Each refresh costs seven upstream calls, eight with in-progress sessions. */
const COUNTS_REFRESH_FLOOR_SECONDS = 60;

/** Asked for only in the browser, once the rows are on screen, so they never hold the rows up. */
export function useStatusCounts(
  sids: SessionListSids,
  includeActive: boolean,
  rowsShown: boolean,
  refreshSeconds: number | null,
): { counts: StatusCountsState; inProgress: number | null } {
  const hydrated = useHydrated();
  const counts = useQuery({
    // The server's counts, when it had them, are in its HTML: the same data hydrates the same.
    ...pageAnsweredQuery(useQueryClient(), statusCountsEndpoint, sids, { includeActive }),
    enabled: hydrated && rowsShown,
    refetchInterval: (query) => {
      // Held back: asked again once the server says the quota allows, while the tab is seen.
      const { error } = query.state;
      if (isHeldBack(error)) return Math.max(error.retryAfterSeconds ?? 0, 5) * 1000;
      return refreshSeconds === null
        ? false
        : Math.max(refreshSeconds, COUNTS_REFRESH_FLOOR_SECONDS) * 1000;
    },
  });
  if (counts.data !== undefined) return counts.data;
  const state = isHeldBack(counts.error) ? 'held-back' : counts.isError ? 'unavailable' : undefined;
  return { counts: state, inProgress: null };
}

export function statusesWithSessions(
  counts: Readonly<StatusCounts>,
): { status: FilterableStatus; count: number }[] {
  return FILTERABLE_STATUSES.flatMap((status) => {
    const count = counts[status];
    return count !== null && count > 0 ? [{ status, count }] : [];
  });
}
