import { queryOptions } from '@tanstack/react-query';
import {
  sessionListApiPath,
  sessionListResponseSchema,
  type SessionListQuery,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import { fetchJson } from '#src/api/http.ts';

const sessionKeys = {
  all: ['sessions'] as const,
  lists: () => [...sessionKeys.all, 'list'] as const,
  list: (sids: SessionListSids, query: SessionListQuery) =>
    [...sessionKeys.lists(), sids, query] as const,
};

/** One page of a learner's sessions for one exam, keyed by the sids and the parsed query. */
export function sessionListOptions(sids: SessionListSids, query: SessionListQuery) {
  return queryOptions({
    queryKey: sessionKeys.list(sids, query),
    queryFn: ({ signal }) =>
      fetchJson(sessionListApiPath(sids, query), sessionListResponseSchema, signal),
  });
}
