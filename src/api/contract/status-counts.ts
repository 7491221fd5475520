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

export function statusCountListQuery(
  status: FilterableStatus,
  { includeActive }: StatusCountsQuery,
): SessionListQuery {
  return { ...DEFAULT_LIST_QUERY, offset: 0, limit: 1, statuses: [status], includeActive };
}

const statusCount = z.nullable(wholeNumberSchema);

export const statusCountsResponseSchema = z.object({
  counts: z.record(z.enum(FILTERABLE_STATUSES), statusCount),
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

/** Counts change slowly and cost seven upstream calls. */
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
    const lists = await askEach(
      sessionListSource,
      sids,
      FILTERABLE_STATUSES.map((status) => statusCountListQuery(status, query)),
    );
    return { counts: statusCountsFrom((_, index) => lists[index]?.total ?? null) };
  },
});
