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
import { useHydrated } from '#src/lib/use-hydrated.ts';

/** Carried in history state across a repair, so the notice survives the URL being replaced. */
const repairStateSchema = z.object({ listNotice: z.string() });

export interface SessionList {
  search: SessionListSearch;
  result: UseQueryResult<SessionListResponse>;
  /** Set when part of the link was invalid and was dropped, or the page was moved. */
  notice: string | null;
  /** Every change a user makes to the view: pushes a history entry so Back undoes it. */
  onViewChange: (change: Partial<SessionListSearch>) => void;
  dismissNotice: () => void;
  /** Holds auto-refresh while the user types or has a menu open (the Auto-refresh control watches). */
  onRefreshPaused: (paused: boolean) => void;
  /** Auto-refresh's interval in seconds as it runs now: null when it is off or held. */
  refreshingEvery: number | null;
}

/**
 * The list as the URL describes it. The URL owns the view: it is parsed on every render, fetched,
 * changed with push, and repaired (made canonical, a page past the end clamped) here and only
 * here, with one replace.
 */
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
    // react-query itself skips the interval's fetches while the tab is hidden.
    refetchInterval: refreshingEvery === null ? false : refreshingEvery * 1000,
    // Coming back to the tab shows what changed meanwhile: the list, not every lookup on the page.
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
  // History state outlives a reload, but the server never sees it: show it once hydrated.
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

  // Staff page forward far more than back: fetch the next page while they read this one.
  const queryClient = useQueryClient();
  const hasNext = settled && result.data.next !== null;
  useEffect(() => {
    if (!hasNext) return;
    // A failed prefetch costs nothing: the page asks again, and shows the error, if it is opened.
    queryClient
      .query(
        endpointQuery(sessionListEndpoint, sids, toListQuery({ ...search, page: search.page + 1 })),
      )
      .catch(() => undefined);
  }, [hasNext, queryClient, sids, search]);

  const canonical = serializeListSearch(search);
  const onViewChange = useCallback(
    (change: Partial<SessionListSearch>) => {
      const next = serializeListSearch(changeListSearch(search, change));
      // A change that changes nothing must not add a history entry Back would have to skip.
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
  };
}
