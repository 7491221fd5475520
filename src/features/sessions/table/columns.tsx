import { createColumnHelper, rowPaginationFeature, tableFeatures } from '@tanstack/react-table';
import type { SessionRow } from '#src/api/contract/session-list.ts';

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

/**
 * The table's header, in the order of a row's cells (session-row.tsx draws them: one memoised
 * component per row rather than a component per cell).
 */
export const sessionColumns = columnHelper.columns([
  columnHelper.accessor('sid', { header: 'Session' }),
  columnHelper.accessor('status', { header: 'Status' }),
  columnHelper.accessor('sessionType', { header: 'Type' }),
  columnHelper.accessor('appointmentDate', { header: 'Appointment' }),
  columnHelper.accessor('createdDate', { id: SORTABLE_COLUMN_ID, header: 'Created' }),
  columnHelper.accessor('editDate', { header: 'Last edited' }),
]);
