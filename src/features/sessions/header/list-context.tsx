// See docs/decisions/learner-and-install-names.md.
import { Suspense } from 'react';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { lazyComponent } from '#src/lib/lazy-module.tsx';
import { useHydrated } from '#src/lib/use-hydrated.ts';

const { Component: ListInstallName } = lazyComponent(() =>
  import('#src/features/sessions/header/list-context-names.tsx').then(
    (module) => module.ListInstallName,
  ),
);
const { Component: ListLearnerName } = lazyComponent(() =>
  import('#src/features/sessions/header/list-context-names.tsx').then(
    (module) => module.ListLearnerName,
  ),
);

export type LearnerSource =
  { kind: 'waiting' } | { kind: 'none' } | { kind: 'session'; sessionSid: string };

export function ListInstallNameSlot({
  installSid,
  source,
}: {
  installSid: string;
  source: LearnerSource;
}) {
  const hydrated = useHydrated();
  if (!hydrated || source.kind !== 'session') return null;
  return (
    <Suspense fallback={null}>
      <ListInstallName installSid={installSid} />
    </Suspense>
  );
}

export function ListLearnerNameSlot({
  sids,
  source,
}: {
  sids: SessionListSids;
  source: LearnerSource;
}) {
  const hydrated = useHydrated();
  if (source.kind === 'none') return <span className="text-ink-muted">unknown</span>;
  if (!hydrated || source.kind === 'waiting') return null;
  return (
    <Suspense fallback={null}>
      <ListLearnerName sids={sids} sessionSid={source.sessionSid} />
    </Suspense>
  );
}
