// Names come from the query cache only: it never asks the server for anything.
import type { QueryClient } from '@tanstack/react-query';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import { listContextEndpoint, type ListContextResponse } from '#src/api/contract/list-context.ts';
import { examLabel, sessionDetailEndpoint } from '#src/api/contract/session-detail.ts';
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
function viewContext(queryClient: QueryClient, view: ShownView): ListContextResponse | null {
  const { installSid, enrollmentSid, examSid, sessionSid } = view;
  if (sessionSid !== undefined) {
    const sids = { installSid, examSid, sessionSid };
    const detail = queryClient.getQueryData(
      endpointQuery(sessionDetailEndpoint, sids, undefined).queryKey,
    );
    return detail === undefined ? null : { userSid: detail.session.userSid, exam: detail.exam };
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
    if (same && context.success) return context.data;
  }
  return null;
}

export function knownNames(queryClient: QueryClient, view: ShownView): ViewNames {
  const settings = queryClient.getQueryData(
    endpointQuery(installSettingsEndpoint, { installSid: view.installSid }, undefined).queryKey,
  );
  const context = viewContext(queryClient, view);
  const userSid = context?.userSid ?? null;
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
  const exam = context === null ? undefined : examLabel(context.exam);
  return {
    ...(learner === undefined ? {} : { learnerName: learner }),
    ...(install === undefined ? {} : { installName: install }),
    ...(exam === undefined ? {} : { examName: exam }),
  };
}

export function recordAndWatchView(queryClient: QueryClient, view: ShownView): () => void {
  recordRecentView(view, knownNames(queryClient, view));
  return queryClient.getQueryCache().subscribe((event) => {
    if (event.type !== 'updated' || event.action.type !== 'success') return;
    updateRecentViewNames(view, knownNames(queryClient, view));
  });
}
