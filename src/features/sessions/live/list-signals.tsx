/**
 * What the list shows only in the browser, after hydration, loaded then as its own chunk: each
 * row's wait and change mark, the "N updated" summary, and the Auto-refresh control. They depend
 * on the time now and on this browser's storage, which the server's HTML cannot know, and the
 * first view's script does without them.
 */
import { CircleDot } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import { takeLastVisit } from '#src/features/sessions/live/last-visit.ts';
import { toListQuery } from '#src/lib/list-search.ts';
import { LiveRefresh } from '#src/features/sessions/live/live-refresh.tsx';
import {
  NO_ROW_MARKS,
  computeRowMarks,
  editDatesOf,
  type EditDates,
  type RowMarks,
} from '#src/features/sessions/live/row-marks.ts';
import { RowSignals } from '#src/features/sessions/live/row-signals.tsx';
import type { SessionList } from '#src/features/sessions/data/use-session-list.ts';
import { useNow } from '#src/lib/use-now.ts';

/** The list whose rows are marked, and the learner's list it belongs to. */
export interface MarksSource {
  sids: SessionListSids;
  list: SessionList;
}

export interface ShownMarks extends RowMarks {
  /** One clock for every row's wait (epoch ms). */
  now: number;
}

interface Fetched {
  view: string;
  updatedAt: number;
  editDates: EditDates;
  /** The same view's fetch before this one, or null when this is the first one seen. */
  previous: EditDates | null;
}

/**
 * Follows the fetches of the list and reports the marks (and the time, every 30 s) to
 * `onChange`; renders nothing.
 */
function MarksTracker({
  sids,
  list: { search, result },
  onChange,
}: MarksSource & { onChange: (marks: ShownMarks) => void }) {
  // The last visit is to the learner's list, whatever its filters; fetches compare within a view.
  const lastVisit = useLastVisit(sessionsPath(sids));
  const view = JSON.stringify(toListQuery(search));
  const rows = result.isPlaceholderData ? undefined : result.data?.results;
  const updatedAt = result.dataUpdatedAt;
  const [fetched, setFetched] = useState<Fetched | null>(null);
  // Derived while rendering: a refetch's rows are compared with the fetch before, once.
  if (rows !== undefined && (fetched?.view !== view || fetched.updatedAt !== updatedAt)) {
    setFetched({
      view,
      updatedAt,
      editDates: editDatesOf(rows),
      previous: fetched?.view === view ? fetched.editDates : null,
    });
  }
  const previous = fetched?.view === view ? fetched.previous : null;
  // Waits are shown in minutes at the finest: a tick every 30 s keeps them within one.
  const now = useNow(30_000);
  useEffect(() => {
    const marks =
      rows === undefined ? NO_ROW_MARKS : computeRowMarks(rows, { previous, lastVisit });
    onChange({ ...marks, now });
  }, [rows, previous, lastVisit, now, onChange]);
  return null;
}

/**
 * When this browser last opened `visitKey` before this arrival; null on a first visit. Taken once
 * per arrival: StrictMode runs effects twice, and a second take would read the visit the first
 * one has just recorded.
 */
function useLastVisit(visitKey: string): number | null {
  const taken = useRef<{ key: string; previous: number | null } | null>(null);
  const [lastVisit, setLastVisit] = useState<number | null>(null);
  useEffect(() => {
    if (taken.current?.key !== visitKey) {
      taken.current = { key: visitKey, previous: takeLastVisit(visitKey, Date.now()) };
    }
    setLastVisit(taken.current.previous);
  }, [visitKey]);
  return lastVisit;
}

/** "3 updated since your last visit, on this page": the marked rows are counted among those shown. */
function VisitSummary({ count }: { count: number }) {
  return (
    <span className="ml-4 inline-flex items-center gap-1 font-medium text-accent">
      <CircleDot aria-hidden="true" className="size-3.5 shrink-0" />
      {count} updated since your last visit, on this page
    </span>
  );
}

export const listSignals = { MarksTracker, RowSignals, VisitSummary, LiveRefresh };
export type ListSignalsModule = typeof listSignals;
