/**
 * Who a session's learner is, from its userSid: the profile's name and email. Shared by the
 * detail's header and the list's breadcrumb; each decides how to show it. A learner the profile
 * cannot name (no userSid, a malformed one, a failed request) is "unknown", quietly: the name is
 * context, never a reason to break the page.
 */
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import {
  learnerLabel,
  userProfileEndpoint,
  type UserProfileSids,
} from '#src/api/contract/user-profile.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';

export type LearnerView =
  { kind: 'loading' } | { kind: 'unknown' } | { kind: 'known'; name: string; email: string | null };

type RenderLearner = (view: LearnerView) => ReactNode;

/** `userSid` undefined: the session is still loading; null: it names no user. */
export function LearnerFromUserSid({
  installSid,
  userSid,
  render,
}: {
  installSid: string;
  userSid: string | null | undefined;
  render: RenderLearner;
}) {
  if (userSid === undefined) return render({ kind: 'loading' });
  const sids = userSid === null ? null : userProfileEndpoint.parseSids({ installSid, userSid });
  // A malformed userSid is not worth a request our server would refuse.
  if (sids === null || !sids.ok) return render({ kind: 'unknown' });
  return <LearnerFromProfile sids={sids.value} render={render} />;
}

function LearnerFromProfile({ sids, render }: { sids: UserProfileSids; render: RenderLearner }) {
  const profile = useQuery(endpointQuery(userProfileEndpoint, sids, undefined));
  if (profile.isPending) return render({ kind: 'loading' });
  if (profile.isError) return render({ kind: 'unknown' });
  const email = profile.data.preferredEmail ?? profile.data.email;
  const name = learnerLabel(profile.data);
  return render(name === null ? { kind: 'unknown' } : { kind: 'known', name, email });
}

/** The install's name, or null while loading, on failure, or when the settings name none. */
export function useInstallName(installSid: string): string | null {
  const settings = useQuery(endpointQuery(installSettingsEndpoint, { installSid }, undefined));
  const name = settings.data?.name?.trim();
  return name === undefined || name === '' ? null : name;
}
