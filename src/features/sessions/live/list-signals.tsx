// A chunk loaded after hydration: see docs/decisions/live-list-signals.md.
import { useOverdueAfterMs } from '#src/api/server-info-query.ts';
import { CircleDot } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import { rememberShownRows, takeLastVisit } from '#src/features/sessions/live/last-visit.ts';
import { toListQuery } from '#src/lib/list-search.ts';
import { LiveRefresh } from '#src/features/sessions/live/live-refresh.tsx';
import {
  NO_ROW_MARKS,
  computeRowMarks,
  rowStatesOf,
  type LastVisit,
  type RowMarks,
  type RowStates,
} from '#src/features/sessions/live/row-marks.ts';
import { RowSignals } from '#src/features/sessions/live/row-signals.tsx';
import type { SessionList } from '#src/features/sessions/data/use-session-list.ts';
import { useNow } from '#src/lib/use-now.ts';

export interface MarksSource {
  sids: SessionListSids;
  list: SessionList;
}

export interface ShownMarks extends RowMarks {
  now: number;
  /** The install's threshold, resolved once for every row. */
  overdueAfterMs: number;
}

interface Fetched {
  view: string;
  updatedAt: number;
  states: RowStates;
  previous: RowStates | null;
}

function MarksTracker({
  sids,
  list: { search, result },
  onChange,
}: MarksSource & { onChange: (marks: ShownMarks) => void }) {
  // The last visit is to the learner's list, whatever its filters; fetches compare within a view.
  const visitKey = sessionsPath(sids);
  const lastVisit = useLastVisit(visitKey);
  const view = JSON.stringify(toListQuery(search));
  const rows = result.isPlaceholderData ? undefined : result.data?.results;
  const updatedAt = result.dataUpdatedAt;
  const [fetched, setFetched] = useState<Fetched | null>(null);
  // Derived while rendering: a refetch's rows are compared with the fetch before, once.
  if (rows !== undefined && (fetched?.view !== view || fetched.updatedAt !== updatedAt)) {
    setFetched({
      view,
      updatedAt,
      states: rowStatesOf(rows),
      previous: fetched?.view === view ? fetched.states : null,
    });
  }
  const previous = fetched?.view === view ? fetched.previous : null;
  const now = useNow(30_000);
  const overdueAfterMs = useOverdueAfterMs();
  // After useLastVisit's effect, which starts this visit's record.
  useEffect(() => {
    if (rows !== undefined) rememberShownRows(visitKey, rows);
  }, [visitKey, rows]);
  useEffect(() => {
    const marks =
      rows === undefined ? NO_ROW_MARKS : computeRowMarks(rows, { previous, lastVisit });
    onChange({ ...marks, now, overdueAfterMs });
  }, [rows, previous, lastVisit, now, overdueAfterMs, onChange]);
  return null;
}

/** Taken once per arrival: under StrictMode a second take would read the visit just recorded. */
function useLastVisit(visitKey: string): LastVisit | null {
  const taken = useRef<{ key: string; previous: LastVisit | null } | null>(null);
  const [lastVisit, setLastVisit] = useState<LastVisit | null>(null);
  useEffect(() => {
    if (taken.current?.key !== visitKey) {
      taken.current = { key: visitKey, previous: takeLastVisit(visitKey, Date.now()) };
    }
    setLastVisit(taken.current.previous);
  }, [visitKey]);
  return lastVisit;
}

function goToFirstUpdated() {
  document.querySelector<HTMLElement>('[data-slot="row-mark"][data-since-visit]')?.focus();
}

function VisitSummary({ count }: { count: number }) {
  const countId = useId();
  return (
    <span className="ml-4 inline-flex flex-wrap items-center gap-x-2 font-medium text-accent">
      <span id={countId} className="inline-flex items-center gap-1">
        <CircleDot aria-hidden="true" className="size-3.5 shrink-0" />
        {count} updated since your last visit, on this page.
      </span>
      <button
        type="button"
        aria-describedby={countId}
        onClick={goToFirstUpdated}
        className="inline-flex min-h-6 items-center rounded underline decoration-1 underline-offset-2 hover:text-accent-hover"
      >
        {count === 1 ? 'Go to it' : 'Go to the first'}
      </button>
    </span>
  );
}

export const listSignals = { MarksTracker, RowSignals, VisitSummary, LiveRefresh };
export type ListSignalsModule = typeof listSignals;
