/** The install's settings (name, default time zone): the breadcrumb and the time zone choice. */
import { queryOptions } from '@tanstack/react-query';
import {
  installSettingsApiPath,
  installSettingsSchema,
  type InstallSettingsSids,
} from '#src/api/contract/learner-context.ts';
import { fetchJson } from '#src/api/http.ts';

/** Names and zones change rarely; a page open for an hour need not ask again. */
export const CONTEXT_STALE_MS = 10 * 60 * 1000;

export function installSettingsOptions(sids: InstallSettingsSids) {
  const path = installSettingsApiPath(sids);
  return queryOptions({
    queryKey: [path],
    queryFn: ({ signal }) => fetchJson(path, installSettingsSchema, signal),
    staleTime: CONTEXT_STALE_MS,
  });
}
