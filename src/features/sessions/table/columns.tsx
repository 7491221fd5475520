import {
  createColumnHelper,
  rowPaginationFeature,
  tableFeatures,
  type CellData,
  type RowData,
  type TableFeatures,
} from '@tanstack/react-table';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import { DateCell } from '#src/components/date-cell.tsx';
import { RowSignalsSlot } from '#src/features/sessions/live/list-signals-slot.tsx';
import { SessionLink } from '#src/features/sessions/table/session-link.tsx';
import { StatusChip } from '#src/features/sessions/status/status-chip.tsx';

/**
 * Where a column's cell goes on a row's card (the view at 640 px and below): the card's title, its
 * top corner, a labelled field (the default, so a new column shows on both), or nowhere.
 */
export type CardPlacement = 'title' | 'corner' | 'field' | 'none';

declare module '@tanstack/react-table' {
  // Merged with the library's declaration, whose type parameters it must repeat.
  /* eslint-disable @typescript-eslint/no-unused-vars */
  interface ColumnMeta<
    in out TFeatures extends TableFeatures,
    in out TData extends RowData,
    TValue extends CellData = CellData,
  > {
    card?: CardPlacement;
  }
  /* eslint-enable @typescript-eslint/no-unused-vars */
}

/**
 * Paging state only: the server sorts, pages and filters. Sort and status filter go straight to
 * the URL (the header's sort button as the Order select does), so the table registers no sorting
 * (a kilobyte of first-view code for one column) and no client row models, and is manual.
 */
export const sessionTableFeatures = tableFeatures({
  rowPaginationFeature,
});

const columnHelper = createColumnHelper<typeof sessionTableFeatures, SessionRow>();

/** The API sorts on createdDate only, so that is the one sortable column. */
export const SORTABLE_COLUMN_ID = 'createdDate';

function SessionTypeCell({ type }: { type: string | null }) {
  return type ? (
    <span className="font-mono text-xs whitespace-nowrap">{type}</span>
  ) : (
    <span className="text-ink-muted">Not set</span>
  );
}

export const sessionColumns = columnHelper.columns([
  columnHelper.accessor('sid', {
    header: 'Session',
    meta: { card: 'title' },
    cell: (info) => <SessionLink sid={info.getValue()} />,
  }),
  columnHelper.accessor('status', {
    header: 'Status',
    meta: { card: 'corner' },
    // Wait and change marks beside the status (their top margin is for a stack): one-line rows.
    cell: (info) => (
      <span className="flex flex-wrap items-center gap-x-2 gap-y-1 *:mt-0">
        <StatusChip status={info.getValue()} />
        <RowSignalsSlot session={info.row.original} />
      </span>
    ),
  }),
  columnHelper.accessor('sessionType', {
    header: 'Type',
    cell: (info) => <SessionTypeCell type={info.getValue()} />,
  }),
  columnHelper.accessor('appointmentDate', {
    header: 'Appointment',
    cell: (info) => <DateCell inline value={info.getValue()} empty="Not scheduled" />,
  }),
  columnHelper.accessor('createdDate', {
    id: SORTABLE_COLUMN_ID,
    header: 'Created',
    cell: (info) => <DateCell inline value={info.getValue()} empty="Unknown" />,
  }),
  columnHelper.accessor('editDate', {
    header: 'Last edited',
    // Left off the phone's cards for room; the detail shows it.
    meta: { card: 'none' },
    cell: (info) => <DateCell inline value={info.getValue()} empty="Unknown" />,
  }),
]);
