/**
 * The install's and learner's names for the list's breadcrumb, from code loaded on demand: the
 * list's first view must stay within its size budget, and needs neither name to be useful. They
 * are asked for only after the rows are on screen, and only in the browser: the server renders
 * (and hydration keeps) the sids alone.
 */
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

/** What the list knows that decides whether to look the learner up. */
export type LearnerSource =
  /** Rows are not on screen yet. */
  | { kind: 'waiting' }
  /** No rows to learn from (none, or the list failed). */
  | { kind: 'none' }
  /** A session of this learner that was on screen. */
  | { kind: 'session'; sessionSid: string };

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
      <ListLearnerName
        sids={{ installSid: sids.installSid, examSid: sids.examSid, sessionSid: source.sessionSid }}
      />
    </Suspense>
  );
}
