// Component tests answer with these same functions, so they and the demo agree on list rules.
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import {
  DOCUMENTED_LIST_QUERY_RULES,
  parseSessionListQuery,
  type SessionListQuery,
  type SessionRow,
  type SortOrder,
} from '#src/api/contract/session-list.ts';
import { IN_PROGRESS_STATUS, isFilterableStatus } from '#src/api/contract/session-status.ts';

interface DemoListRequest {
  statuses: SessionListQuery['statuses'];
  includeActive: boolean;
  sortOrder: SortOrder;
  offset: number;
  limit: number | undefined;
}

/** `includeActive` is a separate switch: see docs/decisions/demo-upstream.md. */
function matchesSessionFilter(row: SessionRow, request: DemoListRequest): boolean {
  if (row.status === IN_PROGRESS_STATUS) return request.includeActive;
  return (
    request.statuses.length === 0 ||
    (isFilterableStatus(row.status) && request.statuses.includes(row.status))
  );
}

export function selectSessionPage<Row extends SessionRow>(
  sessions: readonly Row[],
  request: DemoListRequest,
): { total: number; results: Row[] } {
  return selectRecordPage(
    sessions.filter((row) => matchesSessionFilter(row, request)),
    request,
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface DemoRecordRequest {
  offset: number;
  limit: number | undefined;
  sortOrder: SortOrder;
}

const LIST_ONLY_KEYS = ['status', 'includeActive'];

/** The list's rules: the docs only say these lists are paginated and sortable like the others. */
export function parseDemoRecordQuery(params: URLSearchParams): ParseResult<DemoRecordRequest> {
  const parsed = parseSessionListQuery(params, DOCUMENTED_LIST_QUERY_RULES);
  const problems = [
    ...LIST_ONLY_KEYS.filter((key) => params.has(key)).map(
      (key) => `"${key}" is not a query parameter of this list.`,
    ),
    ...(parsed.ok ? [] : parsed.problems),
  ];
  if (!parsed.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, value: documentedPaging(params, parsed.value) };
}

/** The documented defaults: ascending order and, without a limit, every row. */
export function documentedPaging(
  params: URLSearchParams,
  query: SessionListQuery,
): DemoRecordRequest {
  return {
    offset: query.offset,
    limit: params.has('limit') ? query.limit : undefined,
    sortOrder: params.has('sortOrder') ? query.sortOrder : 'ASC',
  };
}

export function selectRecordPage<Row extends { sid: string; createdDate: string | null }>(
  records: readonly Row[],
  { offset, limit, sortOrder }: DemoRecordRequest,
): { total: number; results: Row[] } {
  const ascending = [...records].sort(
    (a, b) =>
      compareStrings(a.createdDate ?? '', b.createdDate ?? '') || compareStrings(a.sid, b.sid),
  );
  const sorted = sortOrder === 'DESC' ? ascending.reverse() : ascending;
  return {
    total: sorted.length,
    results: sorted.slice(offset, limit === undefined ? undefined : offset + limit),
  };
}

/** Page links as the sibling SmarterServices APIs build them: `k=v&` unencoded, then `offset=N`. */
export function pagedList<Row>(
  requestUrl: string,
  params: URLSearchParams,
  { total, results }: { total: number; results: Row[] },
  { offset, limit }: { offset: number; limit: number | undefined },
) {
  const url = new URL(requestUrl);
  const kept = [...params].filter(([key]) => key !== 'offset');
  const base = `${url.origin}${url.pathname}?${kept.map(([key, value]) => `${key}=${value}&`).join('')}`;
  const at = (position: number) => `${base}offset=${position}`;
  return {
    total,
    first: base.replace(/[?&]$/, ''),
    next: limit !== undefined && offset + limit < total ? at(offset + limit) : null,
    prev: limit !== undefined && offset <= total && offset - limit >= 0 ? at(offset - limit) : null,
    last:
      limit !== undefined && total > limit && offset < total
        ? at(total - (total % limit || limit))
        : null,
    count: results.length,
    offset,
    results,
  };
}
