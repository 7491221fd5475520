/**
 * Records a shown view in "Recently viewed" and names it from what the page has already fetched:
 * the install's settings and the learner's profile in the query cache. It only reads the cache,
 * so it never asks the server for anything. Loaded on demand by useRecordRecentView.
 */
import type { QueryClient } from '@tanstack/react-query';
import { matchPath } from 'react-router';
import { sessionDetailOptions, userProfileOptions } from '#src/api/context-queries.ts';
import { learnerLabel, parseUserProfileSids } from '#src/api/contract/learner-context.ts';
import { API_PREFIX } from '#src/api/contract/routes.ts';
import { parseSessionDetailSids, SESSION_DETAIL_ROUTE } from '#src/api/contract/session-detail.ts';
import { installSettingsOptions } from '#src/api/install-settings-query.ts';
import {
  recordRecentView,
  updateRecentViewNames,
  type ShownView,
  type ViewNames,
} from '#src/lib/recent-views/recent-views.ts';

const DETAIL_API_ROUTE = `${API_PREFIX}${SESSION_DETAIL_ROUTE}`;

function nonEmpty(text: string | null | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * The sessions whose details are cached and that can name this view's learner: the session itself
 * for a detail; for a list, any cached session of this install and exam that belongs to this
 * enrollment (the list's header looks its learner up through one of them).
 */
function learnerUserSid(queryClient: QueryClient, view: ShownView): string | null {
  const candidates =
    view.sessionSid === undefined
      ? queryClient
          .getQueryCache()
          .getAll()
          .flatMap(({ queryKey: [key] }) => {
            const match = typeof key === 'string' ? matchPath(DETAIL_API_ROUTE, key) : null;
            const sids = match === null ? null : parseSessionDetailSids(match.params);
            return sids?.ok === true ? [sids.value] : [];
          })
      : [{ installSid: view.installSid, examSid: view.examSid, sessionSid: view.sessionSid }];
  for (const sids of candidates) {
    if (sids.installSid !== view.installSid || sids.examSid !== view.examSid) continue;
    const session = queryClient.getQueryData(sessionDetailOptions(sids).queryKey)?.session;
    if (session?.userSid == null) continue;
    if (view.sessionSid === undefined && session.enrollmentSid !== view.enrollmentSid) continue;
    return session.userSid;
  }
  return null;
}

export function knownNames(queryClient: QueryClient, view: ShownView): ViewNames {
  const settings = queryClient.getQueryData(
    installSettingsOptions({ installSid: view.installSid }).queryKey,
  );
  const userSid = learnerUserSid(queryClient, view);
  const profileSids =
    userSid === null ? null : parseUserProfileSids({ installSid: view.installSid, userSid });
  const profile =
    profileSids?.ok === true
      ? queryClient.getQueryData(userProfileOptions(profileSids.value).queryKey)
      : undefined;
  const learner = profile === undefined ? undefined : nonEmpty(learnerLabel(profile));
  const install = nonEmpty(settings?.name);
  return {
    ...(learner === undefined ? {} : { learnerName: learner }),
    ...(install === undefined ? {} : { installName: install }),
  };
}

/** Records the view now, and its names whenever a query succeeds until the page stops showing it. */
export function recordAndWatchView(queryClient: QueryClient, view: ShownView): () => void {
  recordRecentView(view, knownNames(queryClient, view));
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    updateRecentViewNames(view, knownNames(queryClient, view));
  });
}
