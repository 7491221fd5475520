// See docs/decisions/learner-and-install-names.md.
import type { ReactNode } from 'react';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import {
  learnerLabel,
  userProfileEndpoint,
  type UserProfileSids,
} from '#src/api/contract/user-profile.ts';
import { useEndpointQuery } from '#src/api/page-answers.ts';

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
  const profile = useEndpointQuery(userProfileEndpoint, sids, undefined);
  if (profile.isPending) return render({ kind: 'loading' });
  if (profile.isError) return render({ kind: 'unknown' });
  const email = profile.data.preferredEmail ?? profile.data.email;
  const name = learnerLabel(profile.data);
  return render(name === null ? { kind: 'unknown' } : { kind: 'known', name, email });
}

export function useInstallName(installSid: string): string | null {
  const settings = useEndpointQuery(installSettingsEndpoint, { installSid }, undefined);
  const name = settings.data?.name?.trim();
  return name === undefined || name === '' ? null : name;
}
