/**
 * Where the browser-only signals (see list-signals.tsx) go on the list page. Until their code has
 * loaded, which it asks for once the page has hydrated, every slot is empty, as in the server's
 * HTML.
 */
import { createContext, use, useEffect, useMemo, useState, type ReactNode } from 'react';
import { lazyModule } from '#src/lib/lazy-module.tsx';
import { useHydrated } from '#src/lib/use-hydrated.ts';
import type { SessionListSids, SessionRow } from '#src/api/contract/session-list.ts';
import type { SessionList } from '#src/features/sessions/data/use-session-list.ts';
import type { ListSignalsModule, ShownMarks } from '#src/features/sessions/live/list-signals.tsx';

export interface ListSignals {
  components: ListSignalsModule;
  /** Null until the first marks are computed. */
  marks: ShownMarks | null;
}

const signalsCode = lazyModule(() => import('#src/features/sessions/live/list-signals.tsx'));

/**
 * The signals' code once loaded, and the marks of the rows `list` shows. `tracker` follows the
 * list's fetches; mount it once, anywhere on the page (it renders nothing).
 */
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
  // Code already here (an earlier list, or loadAll) is used at once, but never before
  // hydration: the server's HTML has no signals.
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

/** Gives the rows' slots below it the signals. */
export const ListSignalsProvider = SignalsContext;

/** A row's wait and change mark, under its status in the table and on its card. */
export function RowSignalsSlot({ session }: { session: SessionRow }) {
  const signals = use(SignalsContext);
  if (signals?.marks == null) return null;
  const { RowSignals } = signals.components;
  const { bySid, now } = signals.marks;
  return <RowSignals session={session} mark={bySid.get(session.sid)} now={now} />;
}

/** "N updated since your last visit", when there was a last visit and rows shown are newer. */
export function VisitSummarySlot() {
  const signals = use(SignalsContext);
  const count = signals?.marks?.updatedSinceVisit;
  if (signals === null || !count) return null;
  return <signals.components.VisitSummary count={count} />;
}

/** The Auto-refresh control: it only works with the page's script, so it is not in the HTML. */
export function LiveRefreshSlot({
  signals,
  list,
}: {
  signals: ListSignals | null;
  list: SessionList;
}) {
  return signals === null ? null : <signals.components.LiveRefresh list={list} />;
}
