// See docs/decisions/learner-and-install-names.md.
import { Suspense } from 'react';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import type { ListNamePart } from '#src/features/sessions/header/list-context-names.tsx';
import { lazyComponent } from '#src/lib/lazy-module.tsx';
import { useHydrated } from '#src/lib/use-hydrated.ts';

const { Component: ListName } = lazyComponent(() =>
  import('#src/features/sessions/header/list-context-names.tsx').then((module) => module.ListName),
);

/** `sessionSid`: a session shown, whose detail names the list's learner and exam; null before. */
export function ListNameSlot(props: {
  part: ListNamePart;
  sids: SessionListSids;
  sessionSid: string | null;
}) {
  const hydrated = useHydrated();
  if (!hydrated || props.sessionSid === null) return null;
  return (
    <Suspense fallback={null}>
      <ListName {...props} sessionSid={props.sessionSid} />
    </Suspense>
  );
}
