import {
  functionalUpdate,
  useTable,
  type Header,
  type ReactTable,
  type PaginationState,
  type Row,
} from '@tanstack/react-table';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { Fragment, useId, useRef, type MouseEvent } from 'react';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import { Table, TableCell, TableHead, TableHeader, TableRow } from '#src/components/ui/table.tsx';
import {
  sessionColumns,
  sessionTableFeatures,
  SORTABLE_COLUMN_ID,
  type CardPlacement,
} from '#src/features/sessions/table/columns.tsx';
import { serializeListSearch, type SessionListSearch } from '#src/lib/list-search.ts';
import { hasTextSelection, useSessionOpener } from '#src/features/sessions/table/session-link.tsx';
import { printedViewSummary } from '#src/features/sessions/list-announcement.tsx';
import { SessionsPager } from '#src/features/sessions/paging/sessions-pager.tsx';
import { useReturnedRowFocus } from '#src/features/sessions/table/use-open-session.ts';
import { useTimeZoneChoice } from '#src/lib/time-zone/use-time-zone-choice.ts';
import { viewerTimeZone } from '#src/lib/format-date.ts';

const NO_ROWS: SessionRow[] = [];

export type SessionsTableModel = ReactTable<typeof sessionTableFeatures, SessionRow>;
type SessionsRow = Row<typeof sessionTableFeatures, SessionRow>;
type SessionsHeader = Header<typeof sessionTableFeatures, SessionRow>;

/**
 * A controlled, manual table that mirrors the URL: sort and page come from the list search, the
 * server does the work, and the header and pager send changes to `onViewChange`, the same one
 * the toolbar uses, so the URL is the only state. The page is table state; the sort needs none.
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
  const pagination: PaginationState = { pageIndex: search.page - 1, pageSize: search.limit };

  return useTable({
    features: sessionTableFeatures,
    columns: sessionColumns,
    data: rows ?? NO_ROWS,
    getRowId: (row) => row.sid,
    state: { pagination },
    manualPagination: true,
    rowCount: total,
    onPaginationChange: (updater) => {
      const next = functionalUpdate(updater, pagination);
      onViewChange({ page: next.pageIndex + 1 });
    },
  });
}

/** Clicks on a row's own controls (its link) do what the control does, not open the row twice. */
const ROW_CONTROLS = 'a, button, input, select, textarea, summary, label';

/**
 * Table and cards are both rendered, and CSS alone picks one (cards at 640 px and below, the
 * table when printed), so the server's HTML and hydration never depend on the screen; the one
 * hidden with `display: none` is out of the accessibility tree and the tab order.
 */
const TABLE_VIEW = 'max-wide:hidden print:block';
const CARD_VIEW = 'wide:hidden print:hidden';

export function SessionsTable({
  id,
  table,
  onViewChange,
  search,
  total,
  isUpdating,
  isLoading,
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
  onNextIntent?: () => void;
}) {
  const sortedDescending = search.sort === 'createdDate.desc';
  const hintId = useId();
  const results = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLDivElement>(null);
  useReturnedRowFocus(list, !isLoading && !isUpdating);
  const opener = useSessionOpener();

  // A mouse convenience: a click anywhere on a row or card opens it, like its link does. The
  // keyboard has the link itself, the row's one tab stop.
  const openOnClick = (event: MouseEvent<HTMLElement>, sessionSid: string) => {
    if (opener === null || event.button !== 0 || event.defaultPrevented) return;
    if (event.target instanceof Element && event.target.closest(ROW_CONTROLS)) return;
    // Staff select a sid or a date to copy it by hand; that drag must not open the session.
    if (hasTextSelection()) return;
    // Ctrl- or Cmd-click opens a new tab, as it would on a link.
    opener.open(sessionSid, event.ctrlKey || event.metaKey);
  };
  // A new page is read from its top: focus there, and scrolled into view if it is above.
  const showResultsTop = () => {
    const node = results.current;
    if (node === null) return;
    node.focus({ preventScroll: true });
    if (node.getBoundingClientRect().top < 0) node.scrollIntoView({ block: 'start' });
  };
  const { label: timeZoneLabel, timeZone } = useTimeZoneChoice();
  // The zone the print summary names (UTC until hydration, like the cells).
  const zoneName = timeZone ?? viewerTimeZone();
  const rows = table.getRowModel().rows;
  const headers = table.getFlatHeaders();
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
      <div ref={list}>
        <div className={`relative overflow-x-auto ${TABLE_VIEW}`}>
          <Table
            // Short of room for a relative time beside every date: screen readers still hear it.
            className={`motion-safe:transition-opacity [&_[data-slot=relative-time]]:sr-only ${dimmed}`}
            aria-busy={isLoading || isUpdating}
            // The view (canonical query) this render shows: the URL changes a moment before a new
            // view renders, so the e2e page object waits for the two to agree.
            data-view={serializeListSearch(search)}
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
                              <ArrowDown aria-hidden="true" className="size-3.5" />
                            ) : (
                              <ArrowUp aria-hidden="true" className="size-3.5" />
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
            <tbody>
              {isLoading
                ? Array.from({ length: Math.min(search.limit, 10) }, (_, index) => (
                    <TableRow key={index} aria-hidden="true">
                      {sessionColumns.map((column, cellIndex) => (
                        <TableCell key={column.id ?? cellIndex}>
                          <span className="my-1 block h-4 w-3/4 rounded bg-skeleton motion-safe:animate-pulse" />
                        </TableCell>
                      ))}
                    </TableRow>
                  ))
                : rows.map((row) => (
                    <TableRow
                      key={row.id}
                      onClick={(event) => openOnClick(event, row.id)}
                      className="cursor-pointer hover:bg-surface-hover has-[a:focus-visible]:bg-surface-selected"
                    >
                      {row.getAllCells().map((cell) => (
                        <TableCell key={cell.id}>
                          <table.FlexRender cell={cell} />
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
            </tbody>
          </Table>
        </div>
        <ul
          aria-label="Sessions"
          aria-busy={isLoading || isUpdating}
          aria-describedby={hintId}
          className={`divide-y divide-line motion-safe:transition-opacity ${dimmed} ${CARD_VIEW}`}
        >
          {isLoading
            ? Array.from({ length: 3 }, (_, index) => (
                <li key={index} aria-hidden="true" className="space-y-2 p-3">
                  <span className="block h-4 w-2/3 rounded bg-skeleton motion-safe:animate-pulse" />
                  <span className="block h-4 w-1/3 rounded bg-skeleton motion-safe:animate-pulse" />
                </li>
              ))
            : rows.map((row) => (
                <SessionCard
                  key={row.id}
                  table={table}
                  row={row}
                  headers={headers}
                  onClick={(event) => openOnClick(event, row.id)}
                />
              ))}
        </ul>
      </div>
      <p id={hintId} className="sr-only">
        Select a session&rsquo;s sid to open it.
      </p>
      <SessionsPager
        table={table}
        total={total}
        search={search}
        isLoading={isLoading}
        onNextIntent={onNextIntent}
        onPageChange={showResultsTop}
      />
    </div>
  );
}

/**
 * A row as a card for narrow screens, drawn from the same columns and cells as the table: each
 * column's `meta.card` puts its cell in the title, the corner or a field labelled by its header.
 */
function SessionCard({
  table,
  row,
  headers,
  onClick,
}: {
  table: SessionsTableModel;
  row: SessionsRow;
  headers: SessionsHeader[];
  onClick: (event: MouseEvent<HTMLLIElement>) => void;
}) {
  const cells = row.getAllCells();
  const placed = (placement: CardPlacement) =>
    cells.filter((cell) => (cell.column.columnDef.meta?.card ?? 'field') === placement);
  return (
    <li
      onClick={onClick}
      className="cursor-pointer space-y-1.5 px-3 py-2.5 hover:bg-surface-hover has-[a:focus-visible]:bg-surface-selected"
    >
      <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
        <span className="min-w-0 truncate">
          {placed('title').map((cell) => (
            <table.FlexRender key={cell.id} cell={cell} />
          ))}
        </span>
        <span className="flex flex-col items-end">
          {placed('corner').map((cell) => (
            <table.FlexRender key={cell.id} cell={cell} />
          ))}
        </span>
      </div>
      {/* The labels' colour is set once on the list, not repeated in every label's HTML. */}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm [&>dt]:text-ink-muted">
        {placed('field').map((cell) => {
          const header = headers.find((candidate) => candidate.column.id === cell.column.id);
          return (
            <Fragment key={cell.id}>
              <dt>{header ? <table.FlexRender header={header} /> : null}</dt>
              <dd>
                <table.FlexRender cell={cell} />
              </dd>
            </Fragment>
          );
        })}
      </dl>
    </li>
  );
}
