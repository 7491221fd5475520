/**
 * The queries for one session and its learner, shared by the list (its learner header) and the
 * detail page. The install's settings have their own module: the list's first view needs them
 * for the time zone choice, and should not carry these schemas along. Keys are the /api paths,
 * so the same request is cached once whoever asks.
 */
import { queryOptions } from '@tanstack/react-query';
import {
  userProfileApiPath,
  userProfileSchema,
  type UserProfileSids,
} from '#src/api/contract/learner-context.ts';
import {
  sessionDetailApiPath,
  sessionDetailResponseSchema,
  type SessionDetailSids,
} from '#src/api/contract/session-detail.ts';
import {
  sessionRecordsApiPath,
  sessionRecordsResponseSchema,
  type RecordPageQuery,
  type SessionRecordKind,
} from '#src/api/contract/session-records.ts';
import { fetchJson } from '#src/api/http.ts';
import { CONTEXT_STALE_MS } from '#src/api/install-settings-query.ts';

export function sessionDetailOptions(sids: SessionDetailSids) {
  const path = sessionDetailApiPath(sids);
  return queryOptions({
    queryKey: [path],
    queryFn: ({ signal }) => fetchJson(path, sessionDetailResponseSchema, signal),
  });
}

export function userProfileOptions(sids: UserProfileSids) {
  const path = userProfileApiPath(sids);
  return queryOptions({
    queryKey: [path],
    queryFn: ({ signal }) => fetchJson(path, userProfileSchema, signal),
    staleTime: CONTEXT_STALE_MS,
  });
}

export function sessionRecordsOptions(
  kind: SessionRecordKind,
  sids: SessionDetailSids,
  query: RecordPageQuery,
) {
  const path = sessionRecordsApiPath(kind, sids, query);
  return queryOptions({
    queryKey: [path],
    queryFn: ({ signal }) => fetchJson(path, sessionRecordsResponseSchema, signal),
  });
}
