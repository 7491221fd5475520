import { useTable, type ReactTable, type PaginationState } from '@tanstack/react-table';
import { useId, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import { Icon } from '#src/components/ui/icon.tsx';
import { Table, TableHead, TableHeader, TableRow } from '#src/components/ui/table.tsx';
import {
  sessionColumns,
  sessionTableFeatures,
  SORTABLE_COLUMN_ID,
} from '#src/features/sessions/table/columns.tsx';
import {
  ROW_LINK,
  SessionRowSkeleton,
  SessionRowView,
  type RowContext,
} from '#src/features/sessions/table/session-row.tsx';
import { useSignalsContext } from '#src/features/sessions/live/list-signals-slot.tsx';
import { assignRowSlots, sameSids, type RowSlots } from '#src/features/sessions/table/row-slots.ts';
import './session-rows.css';
import { serializeListSearch, type SessionListSearch } from '#src/lib/list-search.ts';
import {
  useReturnedRowFocus,
  type SessionOpener,
} from '#src/features/sessions/table/use-open-session.ts';
import { printedViewSummary } from '#src/features/sessions/list-announcement.tsx';
import { SessionsPager } from '#src/features/sessions/paging/sessions-pager.tsx';
import { useTimeZoneChoice } from '#src/lib/time-zone/use-time-zone-choice.ts';
import { absoluteDateFormat, formatUtcDate, viewerTimeZone } from '#src/lib/format-date.ts';
import { useHydrated } from '#src/lib/use-hydrated.tsx';

const NO_ROWS: SessionRow[] = [];

export type SessionsTableModel = ReactTable<typeof sessionTableFeatures, SessionRow>;

/**
 * A manual table that mirrors the URL: sort and page come from the list search, the server does
 * the work, and the header and pager send changes to `onViewChange`, the same one the toolbar
 * uses, so the URL is the only state. The page is read into table state for the page count.
 */
export function useSessionsTable({
  rows,
  total,
  search,
}: {
  rows: SessionRow[] | undefined;
  total: number;
  search: SessionListSearch;
}): SessionsTableModel {
  const pagination: PaginationState = { pageIndex: search.page - 1, pageSize: search.limit };

  return useTable({
    features: sessionTableFeatures,
    columns: sessionColumns,
    data: rows ?? NO_ROWS,
    getRowId: (row) => row.sid,
    state: { pagination },
    manualPagination: true,
    rowCount: total,
  });
}

/** The rows' keys: another view reuses the last one's rows (see row-slots.ts). */
function useRowKeys(sids: readonly string[], view: string): RowSlots {
  const [slots, setSlots] = useState(() => assignRowSlots(sids, view));
  // The view counts when the rows change: the URL names a new view a moment before its rows come.
  if (sameSids(slots.sids, sids)) return slots;
  // Kept from the last render, as React allows: the next one starts from these keys.
  const next = assignRowSlots(sids, view, slots);
  setSlots(next);
  return next;
}

/** Clicks on a row's own controls (its link) do what the control does, not open the row twice. */
const ROW_CONTROLS = 'a, button, input, select, textarea, summary, label';

/** A selection made by dragging over a sid or a date is for copying by hand, not a click. */
function hasTextSelection(): boolean {
  return (window.getSelection()?.toString() ?? '') !== '';
}

/** The session a click inside a row is about: the row's link names it. */
function clickedSession(target: EventTarget): { sid: string; onLink: boolean } | null {
  if (!(target instanceof Element)) return null;
  const sid = target.closest('tr')?.querySelector(ROW_LINK)?.textContent;
  if (!sid) return null;
  return { sid, onLink: target.closest('a') !== null };
}

export function SessionsTable({
  id,
  table,
  onViewChange,
  search,
  total,
  isUpdating,
  isLoading,
  opener,
  onNextIntent,
}: {
  /** For a skip link: focus can land on the results (tabIndex -1), and Tab goes on to the rows. */
  id?: string;
  table: SessionsTableModel;
  /** The sort button's way to the URL, the one the toolbar uses. */
  onViewChange: (change: Partial<SessionListSearch>) => void;
  search: SessionListSearch;
  total: number;
  isUpdating: boolean;
  isLoading: boolean;
  /** How a row opens its session; without one, sids are plain text. */
  opener: SessionOpener | null;
  onNextIntent?: () => void;
}) {
  const sortedDescending = search.sort === 'createdDate.desc';
  const hintId = useId();
  const results = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLTableSectionElement>(null);
  useReturnedRowFocus(list, !isLoading && !isUpdating);
  const hydrated = useHydrated();
  const { label: timeZoneLabel, timeZone } = useTimeZoneChoice();
  const signals = useSignalsContext();
  const href = opener?.href ?? null;
  // The zone the print summary names (UTC until hydration, like the cells).
  const zoneName = timeZone ?? viewerTimeZone();
  const marks = signals?.marks ?? null;
  // With the marks, not before: their code comes a moment earlier, and each brings every row again.
  const RowSignals = marks === null ? null : (signals?.components.RowSignals ?? null);
  const rowContext = useMemo((): RowContext => {
    // One formatter for every date of the page, in the server's fixed UTC form until hydration.
    const format = absoluteDateFormat(timeZone);
    const formatDate = hydrated
      ? (instant: Date) => format.format(instant)
      : (instant: Date) => formatUtcDate(instant.toISOString());
    return { href, formatDate, RowSignals };
  }, [hydrated, timeZone, href, RowSignals]);

  // One handler for every row. A plain click on a sid, or anywhere on its row with the mouse,
  // opens the session in this tab through history state; modified clicks on the link are the
  // browser's (a new tab or window), and Ctrl- or Cmd-click elsewhere on a row opens a new tab.
  const onRowsClick = (event: MouseEvent<HTMLTableSectionElement>) => {
    if (opener === null || event.button !== 0 || event.defaultPrevented) return;
    const clicked = clickedSession(event.target);
    if (clicked === null) return;
    const inNewTab = event.ctrlKey || event.metaKey;
    if (clicked.onLink) {
      if (inNewTab || event.shiftKey || event.altKey) return;
      event.preventDefault();
      // A pointer click ending a drag over the sid selected it; Enter (detail 0) always opens.
      if (event.detail !== 0 && hasTextSelection()) return;
    } else if (
      (event.target instanceof Element && event.target.closest(ROW_CONTROLS)) ||
      // Staff select a sid or a date to copy it by hand; that drag must not open the session.
      hasTextSelection()
    ) {
      return;
    }
    opener.open(clicked.sid, inNewTab);
  };
  // A new page is read from its top: focus there, and scrolled into view if it is above.
  const showResultsTop = () => {
    const node = results.current;
    if (node === null) return;
    node.focus({ preventScroll: true });
    if (node.getBoundingClientRect().top < 0) node.scrollIntoView({ block: 'start' });
  };
  const rows = table.getRowModel().rows;
  const view = serializeListSearch(search);
  const rowSlots = useRowKeys(
    useMemo(() => rows.map((row) => row.id), [rows]),
    view,
  );
  // Rows reused by another view: a link focused in them would name another session, unsaid.
  const rowsView = useRef(rowSlots.view);
  useLayoutEffect(() => {
    if (rowsView.current === rowSlots.view) return;
    rowsView.current = rowSlots.view;
    if (list.current?.contains(document.activeElement)) {
      results.current?.focus({ preventScroll: true });
    }
  }, [rowSlots.view]);
  const dimmed = isUpdating ? 'opacity-60' : '';

  return (
    <div
      id={id}
      ref={results}
      tabIndex={-1}
      role="region"
      aria-label="Session results"
      className="scroll-mt-2 rounded-b-lg border border-line bg-surface"
    >
      <p className="hidden border-b border-line px-3 py-1.5 text-sm print:block">
        {printedViewSummary(search, zoneName)}
      </p>
      <div className="relative max-wide:overflow-x-clip wide:overflow-x-auto">
        <Table
          className={`session-rows-table motion-safe:transition-opacity ${dimmed}`}
          aria-busy={isLoading || isUpdating}
          // The view (canonical query) this render shows: the URL changes a moment before a new
          // view renders, so the e2e page object waits for the two to agree.
          data-view={view}
          aria-describedby={hintId}
        >
          <caption className="sr-only">
            Exam sessions, sorted by created date, {sortedDescending ? 'newest' : 'oldest'} first.
            Times are in {timeZoneLabel}.
          </caption>
          <TableHeader>
            {table.getHeaderGroups().map((group) => (
              <TableRow key={group.id}>
                {group.headers.map((header) => {
                  const sortable = header.column.id === SORTABLE_COLUMN_ID;
                  // From the view being shown, not the table's own state: a click sets that at
                  // once, while the new view's rows are still on their way.
                  const direction = sortable ? (sortedDescending ? 'desc' : 'asc') : false;
                  return (
                    <TableHead
                      key={header.id}
                      aria-sort={
                        sortable ? (direction === 'desc' ? 'descending' : 'ascending') : undefined
                      }
                    >
                      {sortable ? (
                        <button
                          type="button"
                          onClick={() =>
                            onViewChange({
                              sort: direction === 'desc' ? 'createdDate.asc' : 'createdDate.desc',
                            })
                          }
                          className="inline-flex min-h-6 items-center gap-1 rounded uppercase hover:text-ink"
                          title={
                            direction === 'desc'
                              ? 'Newest first. Select to show oldest first.'
                              : 'Oldest first. Select to show newest first.'
                          }
                        >
                          <table.FlexRender header={header} />
                          {direction === 'desc' ? (
                            <Icon name="arrow-down" className="size-3.5" />
                          ) : (
                            <Icon name="arrow-up" className="size-3.5" />
                          )}
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            ))}
          </TableHeader>
          <tbody ref={list} className="session-rows" onClick={onRowsClick}>
            {isLoading
              ? Array.from({ length: Math.min(search.limit, 10) }, (_, index) => (
                  <SessionRowSkeleton key={index} />
                ))
              : rows.map((row) => (
                  <SessionRowView
                    key={rowSlots.keys.get(row.id)}
                    session={row.original}
                    context={rowContext}
                    mark={marks?.bySid.get(row.id)}
                    now={marks?.now}
                    overdueAfterMs={marks?.overdueAfterMs}
                  />
                ))}
          </tbody>
        </Table>
      </div>
      <p id={hintId} className="sr-only">
        Select a session&rsquo;s sid to open it.
      </p>
      <SessionsPager
        table={table}
        total={total}
        search={search}
        isLoading={isLoading}
        onViewChange={onViewChange}
        onNextIntent={onNextIntent}
        onPageChange={showResultsTop}
      />
    </div>
  );
}
