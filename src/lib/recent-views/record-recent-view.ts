// Names come from the query cache only: it never asks the server for anything.
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

/** For a list, any cached session of this enrollment: the list's header looked one up. */
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

export function recordAndWatchView(queryClient: QueryClient, view: ShownView): () => void {
  recordRecentView(view, knownNames(queryClient, view));
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    updateRecentViewNames(view, knownNames(queryClient, view));
  });
}
