import { queryOptions } from '@tanstack/react-query';
import {
  sessionListApiPath,
  sessionListResponseSchema,
  type SessionListQuery,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import type { StatusCountsQuery } from '#src/api/contract/status-counts.ts';
import { fetchJson } from '#src/api/http.ts';

const sessionKeys = {
  all: ['sessions'] as const,
  lists: () => [...sessionKeys.all, 'list'] as const,
  list: (sids: SessionListSids, query: SessionListQuery) =>
    [...sessionKeys.lists(), sids, query] as const,
  statusCounts: (sids: SessionListSids, query: StatusCountsQuery) =>
    [...sessionKeys.all, 'status-counts', sids, query] as const,
};

/** One page of a learner's sessions for one exam, keyed by the sids and the parsed query. */
export function sessionListOptions(sids: SessionListSids, query: SessionListQuery) {
  return queryOptions({
    queryKey: sessionKeys.list(sids, query),
    queryFn: ({ signal }) =>
      fetchJson(sessionListApiPath(sids, query), sessionListResponseSchema, signal),
  });
}

/** Counts change slowly and cost seven upstream calls: a tab asks again after five minutes. */
const STATUS_COUNTS_STALE_MS = 5 * 60_000;

/**
 * The status filter's counts, keyed by the sids and includeActive only, so a page, sort or
 * status change finds them in the cache and never asks again.
 */
export function statusCountsOptions(sids: SessionListSids, query: StatusCountsQuery) {
  return queryOptions({
    queryKey: sessionKeys.statusCounts(sids, query),
    queryFn: async ({ signal }) => {
      // Asked for only after the rows are shown, so their route and schema load with them, off
      // the first view's budget.
      const { statusCountsApiPath, statusCountsResponseSchema } =
        await import('#src/api/contract/status-counts.ts');
      return fetchJson(statusCountsApiPath(sids, query), statusCountsResponseSchema, signal);
    },
    staleTime: STATUS_COUNTS_STALE_MS,
  });
}
