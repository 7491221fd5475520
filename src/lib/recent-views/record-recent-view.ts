/**
 * Records a shown view in "Recently viewed" and names it from what the page has already fetched:
 * the install's settings and the learner's profile in the query cache. It only reads the cache,
 * so it never asks the server for anything. Loaded on demand by useRecordRecentView.
 */
import type { QueryClient } from '@tanstack/react-query';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import { sessionDetailEndpoint } from '#src/api/contract/session-detail.ts';
import { learnerLabel, userProfileEndpoint } from '#src/api/contract/user-profile.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import {
  recordRecentView,
  updateRecentViewNames,
  type ShownView,
  type ViewNames,
} from '#src/lib/recent-views/recent-views.ts';

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
          .findAll({ queryKey: [sessionDetailEndpoint.name] })
          .flatMap(({ queryKey: [, key] }) => {
            const sids = sessionDetailEndpoint.sids.safeParse(key);
            return sids.success ? [sids.data] : [];
          })
      : [{ installSid: view.installSid, examSid: view.examSid, sessionSid: view.sessionSid }];
  for (const sids of candidates) {
    if (sids.installSid !== view.installSid || sids.examSid !== view.examSid) continue;
    const session = queryClient.getQueryData(
      endpointQuery(sessionDetailEndpoint, sids, undefined).queryKey,
    )?.session;
    if (session?.userSid == null) continue;
    if (view.sessionSid === undefined && session.enrollmentSid !== view.enrollmentSid) continue;
    return session.userSid;
  }
  return null;
}

export function knownNames(queryClient: QueryClient, view: ShownView): ViewNames {
  const settings = queryClient.getQueryData(
    endpointQuery(installSettingsEndpoint, { installSid: view.installSid }, undefined).queryKey,
  );
  const userSid = learnerUserSid(queryClient, view);
  const profileSids =
    userSid === null
      ? null
      : userProfileEndpoint.parseSids({ installSid: view.installSid, userSid });
  const profile =
    profileSids?.ok === true
      ? queryClient.getQueryData(
          endpointQuery(userProfileEndpoint, profileSids.value, undefined).queryKey,
        )
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
