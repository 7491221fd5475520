import {
  functionalUpdate,
  useTable,
  type ReactTable,
  type PaginationState,
  type SortingState,
} from '@tanstack/react-table';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { useId, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import {
  sessionColumns,
  sessionTableFeatures,
  SORTABLE_COLUMN_ID,
} from '#src/features/sessions/columns.tsx';
import type { SessionListSearch } from '#src/features/sessions/list-search.ts';
import { SessionsPager } from '#src/features/sessions/sessions-pager.tsx';
import { useReturnedRowFocus } from '#src/features/sessions/use-open-session.ts';
import { useTimeZoneChoice } from '#src/features/time-zone/use-time-zone-choice.ts';

const NO_ROWS: SessionRow[] = [];

export type SessionsTableModel = ReactTable<typeof sessionTableFeatures, SessionRow>;

/**
 * A controlled, manual table that mirrors the URL: sort and page come from the list search, the
 * server does the work, and the header and pager send changes to `onViewChange`, the same one
 * the toolbar uses, so the URL is the only state.
 */
export function useSessionsTable({
  rows,
  total,
  search,
  onViewChange,
}: {
  rows: SessionRow[] | undefined;
  total: number;
  search: SessionListSearch;
  onViewChange: (change: Partial<SessionListSearch>) => void;
}): SessionsTableModel {
  const sorting: SortingState = [
    { id: SORTABLE_COLUMN_ID, desc: search.sort === 'createdDate.desc' },
  ];
  const pagination: PaginationState = { pageIndex: search.page - 1, pageSize: search.limit };

  return useTable({
    features: sessionTableFeatures,
    columns: sessionColumns,
    data: rows ?? NO_ROWS,
    getRowId: (row) => row.sid,
    state: { sorting, pagination },
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    enableSortingRemoval: false,
    enableMultiSort: false,
    onSortingChange: (updater) => {
      const [next] = functionalUpdate(updater, sorting);
      if (next) onViewChange({ sort: next.desc ? 'createdDate.desc' : 'createdDate.asc' });
    },
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination);
      onViewChange({ page: next.pageIndex + 1 });
    },
  });
}

/** Clicks on a row's own controls (e.g. a copy button) do what the control does, not open the row. */
const ROW_CONTROLS = 'a, button, input, select, textarea, summary, label';

export function SessionsTable({
  table,
  search,
  total,
  isUpdating,
  isLoading,
  onOpenRow,
}: {
  table: SessionsTableModel;
  search: SessionListSearch;
  total: number;
  isUpdating: boolean;
  isLoading: boolean;
  /** Opens a session's detail: a click on its row, or Enter on the focused row. */
  onOpenRow: (sessionSid: string, inNewTab: boolean) => void;
}) {
  const sortedDescending = search.sort === 'createdDate.desc';
  const hintId = useId();
  const body = useRef<HTMLTableSectionElement>(null);
  useReturnedRowFocus(body, !isLoading && !isUpdating);

  const openOnClick = (event: MouseEvent<HTMLTableRowElement>, sessionSid: string) => {
    if (event.button !== 0 || event.defaultPrevented) return;
    if (event.target instanceof Element && event.target.closest(ROW_CONTROLS)) return;
    // Staff select a sid or a date to copy it by hand; that drag must not open the session.
    if ((window.getSelection()?.toString() ?? '') !== '') return;
    // Ctrl- or Cmd-click opens a new tab, as it would on a link.
    onOpenRow(sessionSid, event.ctrlKey || event.metaKey);
  };
  const openOnEnter = (event: KeyboardEvent<HTMLTableRowElement>, sessionSid: string) => {
    // Enter on a control inside the row (a copy button) belongs to that control.
    if (event.key !== 'Enter' || event.target !== event.currentTarget) return;
    event.preventDefault();
    onOpenRow(sessionSid, false);
  };
  // The zone every date is shown in: the "Times in" choice (UTC until hydration, like the cells).
  const timeZone = useTimeZoneChoice().label;

  return (
    <div className="rounded-lg border border-line bg-surface">
      <div className="relative overflow-x-auto">
        <table
          className={`w-full border-collapse text-left text-sm transition-opacity ${isUpdating ? 'opacity-60' : ''}`}
          aria-busy={isLoading || isUpdating}
          aria-describedby={hintId}
        >
          <caption className="sr-only">
            Exam sessions, sorted by created date, {sortedDescending ? 'newest' : 'oldest'} first.
            Times are in {timeZone}.
          </caption>
          <thead className="border-b border-line bg-surface-muted text-xs tracking-wide text-ink-muted uppercase">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sortable = header.column.getCanSort();
                  const direction = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={
                        sortable ? (direction === 'desc' ? 'descending' : 'ascending') : undefined
                      }
                      className="px-3 py-2 font-semibold whitespace-nowrap"
                    >
                      {sortable ? (
                        <button
                          type="button"
                          onClick={() => header.column.toggleSorting(direction !== 'desc')}
                          className="inline-flex items-center gap-1 rounded uppercase hover:text-ink"
                          title={
                            direction === 'desc'
                              ? 'Newest first. Select to show oldest first.'
                              : 'Oldest first. Select to show newest first.'
                          }
                        >
                          <table.FlexRender header={header} />
                          {direction === 'desc' ? (
                            <ArrowDown aria-hidden="true" className="size-3.5" />
                          ) : (
                            <ArrowUp aria-hidden="true" className="size-3.5" />
                          )}
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody ref={body}>
            {isLoading
              ? Array.from({ length: Math.min(search.limit, 10) }, (_, index) => (
                  <tr key={index} className="border-b border-line last:border-0" aria-hidden="true">
                    {sessionColumns.map((column, cellIndex) => (
                      <td key={column.id ?? cellIndex} className="px-3 py-3">
                        <span className="block h-4 w-3/4 animate-pulse rounded bg-slate-200" />
                      </td>
                    ))}
                  </tr>
                ))
              : table.getRowModel().rows.map((row) => (
                  <tr
                    key={row.id}
                    data-session-sid={row.id}
                    tabIndex={0}
                    onClick={(event) => openOnClick(event, row.id)}
                    onKeyDown={(event) => openOnEnter(event, row.id)}
                    className="cursor-pointer border-b border-line align-top last:border-0 hover:bg-slate-50 focus:bg-blue-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-focus"
                  >
                    {row.getAllCells().map((cell) => (
                      <td key={cell.id} className="px-3 py-2">
                        <table.FlexRender cell={cell} />
                      </td>
                    ))}
                  </tr>
                ))}
          </tbody>
        </table>
      </div>
      <p id={hintId} className="sr-only">
        Select a row, or press Enter on it, to open that session.
      </p>
      <SessionsPager table={table} total={total} search={search} isLoading={isLoading} />
    </div>
  );
}
