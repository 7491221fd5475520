// Every slot is empty until the signals' code has loaded, as in the server's HTML.
import { createContext, use, useEffect, useMemo, useState, type ReactNode } from 'react';
import { lazyModule } from '#src/lib/lazy-module.tsx';
import { useHydrated } from '#src/lib/use-hydrated.ts';
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
  const hydrated = useHydrated();
  const [downloaded, setDownloaded] = useState<ListSignalsModule>();
  const [marks, setMarks] = useState<ShownMarks | null>(null);
  useEffect(() => {
    if (signalsCode.loaded !== undefined) return;
    let current = true;
    signalsCode.load().then(
      ({ listSignals }) => {
        if (current) setDownloaded(listSignals);
      },
      // Without this code (offline, a new deploy) the list works as before, with no signals.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);
  // Code already here is used at once, but never before hydration: the server's HTML has none.
  const components = hydrated ? (signalsCode.loaded?.listSignals ?? downloaded) : undefined;
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
