// See docs/decisions/status-counts-fan-out.md. The path is beside the list's, not under it, so it
// can never be read as a session sid of the detail route.
import { z } from 'zod/mini';
import { composed, defineEndpoint } from '#src/api/contract/endpoint.ts';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { QueryReader, wholeNumberSchema } from '#src/api/contract/query-rules.ts';
import {
  DEFAULT_LIST_QUERY,
  sessionListEndpoint,
  sessionListSource,
  type SessionListQuery,
} from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES, type FilterableStatus } from '#src/api/contract/session-status.ts';

export interface StatusCountsQuery {
  includeActive: boolean;
}

export function parseStatusCountsQuery(params: URLSearchParams): ParseResult<StatusCountsQuery> {
  const read = new QueryReader(params, ['includeActive'], 'the session counts');
  const includeActive = read.flag('includeActive');
  return read.result({ includeActive: includeActive ?? false });
}

function countQuery(statuses: FilterableStatus[], includeActive: boolean): SessionListQuery {
  return { ...DEFAULT_LIST_QUERY, offset: 0, limit: 1, statuses, includeActive };
}

/**
 * The API adds in-progress sessions to any status filter (seen, not documented), so each status
 * is counted without them, and they once: every status with them, less every status without.
 */
export function statusCountQueries({ includeActive }: StatusCountsQuery): SessionListQuery[] {
  const perStatus = FILTERABLE_STATUSES.map((status) => countQuery([status], false));
  return includeActive ? [...perStatus, countQuery([...FILTERABLE_STATUSES], true)] : perStatus;
}

/** `totals` answer `statusCountQueries`, in order; null where a list could not be had. */
export function statusCountsFromTotals(totals: readonly (number | null)[]): StatusCountsResponse {
  const counts = statusCountsFrom((_, index) => totals[index] ?? null);
  const everyStatus = totals[FILTERABLE_STATUSES.length] ?? null;
  const known = Object.values(counts);
  const sum = known.reduce((total: number, count) => total + (count ?? 0), 0);
  return {
    counts,
    inProgress:
      everyStatus === null || known.includes(null) ? null : Math.max(0, everyStatus - sum),
  };
}

const statusCount = z.nullable(wholeNumberSchema);

export const statusCountsResponseSchema = z.object({
  /** Each status alone, whether or not in-progress sessions are shown. */
  counts: z.record(z.enum(FILTERABLE_STATUSES), statusCount),
  /** Asked only when in-progress sessions are shown; absent from answers of older servers. */
  inProgress: z._default(statusCount, null),
});

export type StatusCountsResponse = z.infer<typeof statusCountsResponseSchema>;
export type StatusCounts = StatusCountsResponse['counts'];

export function statusCountsFrom(
  countOf: (status: FilterableStatus, index: number) => number | null,
): StatusCounts {
  return statusCountsResponseSchema.shape.counts.parse(
    Object.fromEntries(
      FILTERABLE_STATUSES.map((status, index) => [status, countOf(status, index)]),
    ),
  );
}

/** Counts change slowly and cost seven upstream calls, eight with in-progress sessions. */
export const statusCountsEndpoint = defineEndpoint({
  name: 'status-counts',
  route: '/v1/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/session-counts',
  sids: sessionListEndpoint.sids,
  writeQuery: (query: StatusCountsQuery) =>
    new URLSearchParams({ includeActive: String(query.includeActive) }),
  answer: statusCountsResponseSchema,
  resource: { name: 'session counts', phrase: 'the session counts' },
  reuseMs: 5 * 60_000,
  priority: 'counts',
});

export const statusCountsSource = /* @__PURE__ */ composed({
  endpoint: statusCountsEndpoint,
  parseQuery: parseStatusCountsQuery,
  async compose(askEach, sids, query) {
    const lists = await askEach(sessionListSource, sids, statusCountQueries(query));
    return statusCountsFromTotals(lists.map((list) => list?.total ?? null));
  },
});
