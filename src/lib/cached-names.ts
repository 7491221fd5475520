// Names come from the query cache only: it never asks the server for anything.
import type { QueryClient } from '@tanstack/react-query';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import { listContextEndpoint, type ListContextResponse } from '#src/api/contract/list-context.ts';
import { sessionDetailEndpoint, type ExamNames } from '#src/api/contract/session-detail.ts';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { learnerLabel, userProfileEndpoint } from '#src/api/contract/user-profile.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';

export type NamedView = SessionListSids & { sessionSid?: string };

export interface CachedNames {
  learner?: string;
  learnerEmail?: string;
  install?: string;
  exam?: ExamNames;
}

function nonEmpty(text: string | null | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** For a list, what its header learned of the enrollment; for a session, its detail. */
function viewContext(queryClient: QueryClient, view: NamedView): ListContextResponse | null {
  const { installSid, enrollmentSid, examSid, sessionSid } = view;
  if (sessionSid !== undefined) {
    const sids = { installSid, examSid, sessionSid };
    const detail = queryClient.getQueryData(
      endpointQuery(sessionDetailEndpoint, sids, undefined).queryKey,
    );
    return detail === undefined ? null : { userSid: detail.session.userSid, exam: detail.exam };
  }
  let found: ListContextResponse | null = null;
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
    // One that names the learner wins over one whose session named nobody.
    if (same && context.success && (found === null || context.data.userSid !== null)) {
      found = context.data;
      if (found.userSid !== null) break;
    }
  }
  return found;
}

export function cachedNames(queryClient: QueryClient, view: NamedView): CachedNames {
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
  const learnerEmail = nonEmpty(profile?.preferredEmail ?? profile?.email);
  const install = nonEmpty(settings?.name);
  return {
    ...(learner === undefined ? {} : { learner }),
    ...(learnerEmail === undefined ? {} : { learnerEmail }),
    ...(install === undefined ? {} : { install }),
    ...(context === null ? {} : { exam: context.exam }),
  };
}
