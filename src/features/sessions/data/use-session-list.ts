import {
  keepPreviousData,
  useQuery,
  useQueryClient,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { z } from 'zod/mini';
import {
  sessionListEndpoint,
  type SessionListResponse,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import {
  changeListSearch,
  lastPage,
  parseListSearch,
  planListSearchRepair,
  serializeListSearch,
  toListQuery,
  type PageCount,
  type SessionListSearch,
} from '#src/lib/list-search.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import { useHydrated } from '#src/lib/use-hydrated.tsx';

/** In history state, so the notice survives the URL being replaced. */
const repairStateSchema = z.object({ listNotice: z.string() });

export interface SessionList {
  search: SessionListSearch;
  result: UseQueryResult<SessionListResponse>;
  notice: string | null;
  onViewChange: (change: Partial<SessionListSearch>) => void;
  dismissNotice: () => void;
  onRefreshPaused: (paused: boolean) => void;
  refreshingEvery: number | null;
  prefetchNext: () => void;
}

/** The only place a list URL is repaired: see docs/decisions/url-is-the-view.md. */
export function useSessionList(sids: SessionListSids): SessionList {
  const location = useLocation();
  const navigate = useNavigate();
  const parsed = useMemo(
    () => parseListSearch(new URLSearchParams(location.search)),
    [location.search],
  );
  const { search } = parsed;

  const [refreshPaused, setRefreshPaused] = useState(false);
  const refreshingEvery = refreshPaused ? null : search.refresh;
  const result = useQuery({
    ...endpointQuery(sessionListEndpoint, sids, toListQuery(search)),
    placeholderData: keepPreviousData,
    refetchInterval: refreshingEvery === null ? false : refreshingEvery * 1000,
    // Coming back to the tab refetches the list, not every lookup on the page.
    refetchOnWindowFocus: true,
  });
  const settled = result.data !== undefined && !result.isPlaceholderData;
  const pageCount: PageCount = settled
    ? lastPage(result.data.total, search.limit)
    : result.isError
      ? 'unknown'
      : 'pending';

  const state = repairStateSchema.safeParse(location.state);
  const carriedNotice = state.success ? state.data.listNotice : null;
  // The server never sees history state: show it once hydrated.
  const notice = useHydrated() ? carriedNotice : null;
  const repair = planListSearchRepair({
    current: location.search,
    parsed,
    pageCount,
    carriedNotice,
  });
  const repairSearch = repair?.search;
  const repairNotice = repair?.notice;
  useEffect(() => {
    if (repairSearch === undefined || repairNotice === undefined) return;
    void navigate(
      { search: repairSearch },
      {
        replace: true,
        state: repairNotice === '' ? null : { listNotice: repairNotice },
      },
    );
  }, [repairSearch, repairNotice, navigate]);

  // The next page is fetched ahead once staff page through a list, or reach for Next: most views
  // end on page 1, and an unused prefetch spends the institution's quota.
  const queryClient = useQueryClient();
  const hasNext = settled && result.data.next !== null;
  const prefetchNext = useCallback(() => {
    if (!hasNext) return;
    const next = endpointQuery(
      sessionListEndpoint,
      sids,
      toListQuery({ ...search, page: search.page + 1 }),
      'prefetch',
    );
    // A refused prefetch leaves nothing behind: Next then asks for the page as rows.
    queryClient.query(next).catch(() => {
      queryClient.removeQueries({ queryKey: next.queryKey, exact: true, type: 'inactive' });
    });
  }, [hasNext, queryClient, sids, search]);
  const pagingThrough = search.page > 1;
  useEffect(() => {
    if (pagingThrough) prefetchNext();
  }, [pagingThrough, prefetchNext]);

  const canonical = serializeListSearch(search);
  const onViewChange = useCallback(
    (change: Partial<SessionListSearch>) => {
      const next = serializeListSearch(changeListSearch(search, change));
      // No history entry that Back would have to skip.
      if (next === canonical) return;
      void navigate({ search: next });
    },
    [navigate, search, canonical],
  );

  const dismissNotice = useCallback(() => {
    void navigate({ search: location.search }, { replace: true, state: null });
  }, [navigate, location.search]);

  return {
    search,
    result,
    notice,
    onViewChange,
    dismissNotice,
    onRefreshPaused: setRefreshPaused,
    refreshingEvery,
    prefetchNext,
  };
}
