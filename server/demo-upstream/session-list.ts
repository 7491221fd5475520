/**
 * How the demo upstream selects one page of a learner's sessions. Component tests answer with
 * these same functions, so the demo and the tests cannot disagree about the list rules.
 */
import type { SessionListQuery, SessionRow, SortOrder } from '#src/api/contract/session-list.ts';
import { IN_PROGRESS_STATUS, isFilterableStatus } from '#src/api/contract/session-status.ts';

interface DemoListRequest {
  statuses: SessionListQuery['statuses'];
  includeActive: boolean;
  sortOrder: SortOrder;
  offset: number;
  /** Undefined returns every row from the offset on, as the API's sibling code does without a limit. */
  limit: number | undefined;
}

/**
 * Filtering: the status filter has no value for active sessions and the docs do not say how the
 * two combine, so `includeActive` is read as a separate switch: "In Progress" sessions appear only
 * with includeActive=true, on top of whatever the status filter selects. No status filter means
 * every other status, Cancelled included.
 */
function matchesSessionFilter(row: SessionRow, request: DemoListRequest): boolean {
  if (row.status === IN_PROGRESS_STATUS) return request.includeActive;
  return (
    request.statuses.length === 0 ||
    (isFilterableStatus(row.status) && request.statuses.includes(row.status))
  );
}

/** The matching rows in createdDate order (the sid breaks ties, as in the sibling API), then one page. */
export function selectSessionPage<Row extends SessionRow>(
  sessions: readonly Row[],
  request: DemoListRequest,
): { total: number; results: Row[] } {
  const ascending = sessions
    .filter((row) => matchesSessionFilter(row, request))
    .sort(
      (a, b) =>
        compareStrings(a.createdDate ?? '', b.createdDate ?? '') || compareStrings(a.sid, b.sid),
    );
  const sorted = request.sortOrder === 'DESC' ? ascending.reverse() : ascending;
  const { offset, limit } = request;
  return {
    total: sorted.length,
    results: sorted.slice(offset, limit === undefined ? undefined : offset + limit),
  };
}

/** ISO dates of one format sort as plain strings. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
