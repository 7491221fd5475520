// Every slot is empty until the signals' code has loaded, as in the server's HTML.
import { createContext, use, useMemo, useState, type ReactNode } from 'react';
import { lazyModule, useIdleModule } from '#src/lib/lazy-module.tsx';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import type { SessionList } from '#src/features/sessions/data/use-session-list.ts';
import type { ListSignalsModule, ShownMarks } from '#src/features/sessions/live/list-signals.tsx';

export interface ListSignals {
  components: ListSignalsModule;
  marks: ShownMarks | null;
}

const signalsCode = lazyModule(() => import('#src/features/sessions/live/list-signals.tsx'));

/** Mount `tracker` once, anywhere on the page; it renders nothing. */
export function useListSignals(
  sids: SessionListSids,
  list: SessionList,
): {
  signals: ListSignals | null;
  tracker: ReactNode;
} {
  // Without this code (offline, a new deploy) the list works as before, with no signals.
  const components = useIdleModule(signalsCode)?.listSignals;
  const [marks, setMarks] = useState<ShownMarks | null>(null);
  const signals = useMemo(
    () => (components === undefined ? null : { components, marks }),
    [components, marks],
  );
  const Tracker = signals?.components.MarksTracker;
  const tracker = Tracker && <Tracker sids={sids} list={list} onChange={setMarks} />;
  return { signals, tracker };
}

const SignalsContext = createContext<ListSignals | null>(null);

export const ListSignalsProvider = SignalsContext;

/** The rows take the signals from their table, read here once, not through a hook in each row. */
export function useSignalsContext(): ListSignals | null {
  return use(SignalsContext);
}

export function VisitSummarySlot() {
  const signals = use(SignalsContext);
  const count = signals?.marks?.updatedSinceVisit;
  return count ? <signals.components.VisitSummary count={count} /> : null;
}

/** Auto-refresh only works with the page's script, so it is not in the HTML. */
export function LiveRefreshSlot({
  signals,
  list,
}: {
  signals: ListSignals | null;
  list: SessionList;
}) {
  return signals === null ? null : <signals.components.LiveRefresh list={list} />;
}
