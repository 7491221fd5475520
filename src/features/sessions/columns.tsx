import {
  columnFilteringFeature,
  createColumnHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import type { SessionRow } from '#src/api/contract.ts';
import { CopyButton } from '#src/components/copy-button.tsx';
import { DateCell } from '#src/components/date-cell.tsx';
import { StatusChip } from '#src/features/sessions/status-chip.tsx';

/**
 * Filter, sort and paging state only: the server does all three, so no client row models are
 * registered and every table is manual.
 */
export const sessionTableFeatures = tableFeatures({
  columnFilteringFeature,
  rowSortingFeature,
  rowPaginationFeature,
});

const columnHelper = createColumnHelper<typeof sessionTableFeatures, SessionRow>();

/** The API sorts on createdDate only, so that is the one sortable column. */
export const SORTABLE_COLUMN_ID = 'createdDate';
/** The API filters on status only, so that is the one filterable column. */
export const STATUS_COLUMN_ID = 'status';

function SessionSidCell({ sid }: { sid: string }) {
  return (
    <span className="inline-flex items-center gap-1">
      <code className="font-mono text-xs whitespace-nowrap">{sid}</code>
      <CopyButton text={sid} label={`Copy session sid ${sid}`} />
    </span>
  );
}

function SessionTypeCell({ type }: { type: string | null }) {
  return type ? (
    <span className="font-mono text-xs whitespace-nowrap">{type}</span>
  ) : (
    <span className="text-ink-muted">Not set</span>
  );
}

export const sessionColumns = columnHelper.columns([
  columnHelper.accessor('sid', {
    enableColumnFilter: false,
    header: 'Session',
    enableSorting: false,
    cell: (info) => <SessionSidCell sid={info.getValue()} />,
  }),
  columnHelper.accessor('status', {
    id: STATUS_COLUMN_ID,
    header: 'Status',
    enableSorting: false,
    enableColumnFilter: true,
    cell: (info) => <StatusChip status={info.getValue()} />,
  }),
  columnHelper.accessor('sessionType', {
    enableColumnFilter: false,
    header: 'Type',
    enableSorting: false,
    cell: (info) => <SessionTypeCell type={info.getValue()} />,
  }),
  columnHelper.accessor('appointmentDate', {
    enableColumnFilter: false,
    header: 'Appointment',
    enableSorting: false,
    cell: (info) => <DateCell value={info.getValue()} empty="Not scheduled" />,
  }),
  columnHelper.accessor('createdDate', {
    id: SORTABLE_COLUMN_ID,
    enableColumnFilter: false,
    header: 'Created',
    enableSorting: true,
    cell: (info) => <DateCell value={info.getValue()} empty="Unknown" />,
  }),
  columnHelper.accessor('editDate', {
    enableColumnFilter: false,
    header: 'Last edited',
    enableSorting: false,
    cell: (info) => <DateCell value={info.getValue()} empty="Unknown" />,
  }),
]);
