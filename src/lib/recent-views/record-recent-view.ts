// Names come from the query cache only: it never asks the server for anything.
import type { QueryClient } from '@tanstack/react-query';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import { listContextEndpoint } from '#src/api/contract/list-context.ts';
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

/** For a list, what its header learned of the enrollment; for a session, its detail. */
function learnerUserSid(queryClient: QueryClient, view: ShownView): string | null {
  const { installSid, enrollmentSid, examSid, sessionSid } = view;
  if (sessionSid !== undefined) {
    const sids = { installSid, examSid, sessionSid };
    return (
      queryClient.getQueryData(endpointQuery(sessionDetailEndpoint, sids, undefined).queryKey)
        ?.session.userSid ?? null
    );
  }
  for (const query of queryClient
    .getQueryCache()
    .findAll({ queryKey: [listContextEndpoint.name] })) {
    const sids = listContextEndpoint.sids.safeParse(query.queryKey[1]);
    if (!sids.success) continue;
    const same =
      sids.data.installSid === installSid &&
      sids.data.enrollmentSid === enrollmentSid &&
      sids.data.examSid === examSid;
    const context = listContextEndpoint.answer.safeParse(query.state.data);
    if (same && context.success && context.data.userSid !== null) return context.data.userSid;
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
