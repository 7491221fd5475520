/**
 * The queries for one session and the human context around the sids, shared by the list (its
 * learner and install header), the detail page and the time zone choice. Keys are the /api paths,
 * so the same request is cached once whoever asks.
 */
import { queryOptions } from '@tanstack/react-query';
import {
  installSettingsApiPath,
  installSettingsSchema,
  userProfileApiPath,
  userProfileSchema,
  type InstallSettingsSids,
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

/** Names and zones change rarely; a page open for an hour need not ask again. */
const CONTEXT_STALE_MS = 10 * 60 * 1000;

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

export function installSettingsOptions(sids: InstallSettingsSids) {
  const path = installSettingsApiPath(sids);
  return queryOptions({
    queryKey: [path],
    queryFn: ({ signal }) => fetchJson(path, installSettingsSchema, signal),
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
