/**
 * Per-status counts of one learner's sessions for one exam: our own composite route (the upstream
 * has none), answered from the list endpoint's `total` for each filterable status. Its path is
 * beside the list's, not under it, so it can never be read as a session sid of the detail route.
 */
import { z } from 'zod/mini';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { API_PREFIX, buildPath } from '#src/api/contract/routes.ts';
import {
  DEFAULT_LIST_QUERY,
  parseSessionListQuery,
  parseSessionListSids,
  type SessionListQuery,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES, type FilterableStatus } from '#src/api/contract/session-status.ts';

export const STATUS_COUNTS_ROUTE =
  '/v1/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/session-counts';

/** What changes the totals besides the status: the other filter of the list. */
export interface StatusCountsQuery {
  includeActive: boolean;
}

/**
 * Parses a counts request (path sids and query), naming every bad part in the list's words.
 * Only `includeActive` is taken: paging, sort and status do not change a status's total.
 */
export function parseStatusCountsRequest(
  rawSids: Readonly<Record<string, string | undefined>>,
  params: URLSearchParams,
): ParseResult<{ sids: SessionListSids; query: StatusCountsQuery }> {
  const sids = parseSessionListSids(rawSids);
  const unknownKeys = [...new Set(params.keys())].filter((key) => key !== 'includeActive');
  // The list's own rules read includeActive, so both routes word a bad value alike.
  const list = parseSessionListQuery(
    new URLSearchParams(
      params.getAll('includeActive').map((value): [string, string] => ['includeActive', value]),
    ),
  );
  const problems = [
    ...(sids.ok ? [] : sids.problems.map((problem) => problem.message)),
    ...unknownKeys.map(
      (key) => `"${excerpt(key)}" is not a query parameter of the session counts.`,
    ),
    ...(list.ok ? [] : list.problems),
  ];
  if (!sids.ok || !list.ok || problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { sids: sids.value, query: { includeActive: list.value.includeActive } },
  };
}

/** A key repeated back in a message, cut short: a long one helps nobody. */
function excerpt(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** Our /api URL of the counts, as the browser requests it; includeActive is always written. */
export function statusCountsApiPath(sids: SessionListSids, query: StatusCountsQuery): string {
  return `${API_PREFIX}${buildPath(STATUS_COUNTS_ROUTE, sids, `includeActive=${String(query.includeActive)}`)}`;
}

/** The list request whose `total` is one status's count: one row, first page. */
export function statusCountListQuery(
  status: FilterableStatus,
  { includeActive }: StatusCountsQuery,
): SessionListQuery {
  return { ...DEFAULT_LIST_QUERY, offset: 0, limit: 1, statuses: [status], includeActive };
}

/** One status's count, or null when the upstream could not give that one. */
const statusCount = z.nullable(z.number().check(z.int(), z.nonnegative()));

/** Every filterable status is present (an enum-keyed record is exhaustive). */
export const statusCountsResponseSchema = z.object({
  counts: z.record(z.enum(FILTERABLE_STATUSES), statusCount),
});

export type StatusCountsResponse = z.infer<typeof statusCountsResponseSchema>;
export type StatusCounts = StatusCountsResponse['counts'];

/** Counts for every filterable status, each given by `countOf`, checked against the contract. */
export function statusCountsFrom(
  countOf: (status: FilterableStatus, index: number) => number | null,
): StatusCounts {
  return statusCountsResponseSchema.shape.counts.parse(
    Object.fromEntries(
      FILTERABLE_STATUSES.map((status, index) => [status, countOf(status, index)]),
    ),
  );
}
