import {
  createColumnHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import { DateCell } from '#src/components/date-cell.tsx';
import { RowSignalsSlot } from '#src/features/sessions/live/list-signals-slot.tsx';
import { SessionLink } from '#src/features/sessions/table/session-link.tsx';
import { StatusChip } from '#src/features/sessions/status/status-chip.tsx';

/**
 * Sort and paging state only: the server sorts, pages and filters (the toolbar's status filter
 * goes straight to the URL), so no client row models are registered and the table is manual.
 */
export const sessionTableFeatures = tableFeatures({
  rowSortingFeature,
  rowPaginationFeature,
});

const columnHelper = createColumnHelper<typeof sessionTableFeatures, SessionRow>();

/** The API sorts on createdDate only, so that is the one sortable column. */
export const SORTABLE_COLUMN_ID = 'createdDate';

export function SessionTypeCell({ type }: { type: string | null }) {
  return type ? (
    <span className="font-mono text-xs whitespace-nowrap">{type}</span>
  ) : (
    <span className="text-ink-muted">Not set</span>
  );
}

export const sessionColumns = columnHelper.columns([
  columnHelper.accessor('sid', {
    header: 'Session',
    enableSorting: false,
    cell: (info) => <SessionLink sid={info.getValue()} />,
  }),
  columnHelper.accessor('status', {
    header: 'Status',
    enableSorting: false,
    // The row's wait and change mark sit under its status, as they do on the cards.
    cell: (info) => (
      <>
        <StatusChip status={info.getValue()} />
        <RowSignalsSlot session={info.row.original} />
      </>
    ),
  }),
  columnHelper.accessor('sessionType', {
    header: 'Type',
    enableSorting: false,
    cell: (info) => <SessionTypeCell type={info.getValue()} />,
  }),
  columnHelper.accessor('appointmentDate', {
    header: 'Appointment',
    enableSorting: false,
    cell: (info) => <DateCell value={info.getValue()} empty="Not scheduled" />,
  }),
  columnHelper.accessor('createdDate', {
    id: SORTABLE_COLUMN_ID,
    header: 'Created',
    enableSorting: true,
    cell: (info) => <DateCell value={info.getValue()} empty="Unknown" />,
  }),
  columnHelper.accessor('editDate', {
    header: 'Last edited',
    enableSorting: false,
    cell: (info) => <DateCell value={info.getValue()} empty="Unknown" />,
  }),
]);
