import { z } from 'zod/mini';
import { defineEndpoint, fitPage, fromUpstream } from '#src/api/contract/endpoint.ts';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import {
  echo,
  nullableText,
  QueryReader,
  wholeNumberSchema,
} from '#src/api/contract/query-rules.ts';
import {
  FILTERABLE_STATUSES,
  isFilterableStatus,
  type FilterableStatus,
} from '#src/api/contract/session-status.ts';
import { SID_SCHEMAS } from '#src/api/contract/sids.ts';

const sessionListSidsSchema = z.object({
  installSid: SID_SCHEMAS.installSid,
  enrollmentSid: SID_SCHEMAS.enrollmentSid,
  examSid: SID_SCHEMAS.examSid,
});

export type SessionListSids = z.infer<typeof sessionListSidsSchema>;

export const SORT_ORDERS = ['ASC', 'DESC'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const MAX_PAGE_LIMIT = 100;

interface ListQueryRules {
  /** Inclusive; ours is 1–100, the API documents only "≥ 0". */
  limit: { min: number; max: number };
}

const OUR_LIST_QUERY_RULES: ListQueryRules = { limit: { min: 1, max: MAX_PAGE_LIMIT } };
export const DOCUMENTED_LIST_QUERY_RULES: ListQueryRules = {
  limit: { min: 0, max: Number.MAX_SAFE_INTEGER },
};

export interface SessionListQuery {
  offset: number;
  limit: number;
  sortOrder: SortOrder;
  /** Empty means every status; in FILTERABLE_STATUSES order so equal queries serialize alike. */
  statuses: FilterableStatus[];
  includeActive: boolean;
}

export const DEFAULT_LIST_QUERY: SessionListQuery = {
  offset: 0,
  limit: 25,
  sortOrder: 'DESC',
  statuses: [],
  includeActive: false,
};

const LIST_QUERY_KEYS = ['offset', 'limit', 'sortKeys', 'sortOrder', 'status', 'includeActive'];

/** Unknown keys are refused, never forwarded. */
export function parseSessionListQuery(
  params: URLSearchParams,
  rules: ListQueryRules = OUR_LIST_QUERY_RULES,
): ParseResult<SessionListQuery> {
  const read = new QueryReader(params, LIST_QUERY_KEYS);
  const offset = read.wholeNumber('offset', 0);
  const limit = read.wholeNumber('limit', rules.limit.min, rules.limit.max);
  for (const sortKey of read.all('sortKeys')) {
    if (sortKey !== 'createdDate') {
      read.problems.push(`"sortKeys" can only be "createdDate" (got "${echo(sortKey)}").`);
    }
  }
  const sortOrder = read.oneOf('sortOrder', SORT_ORDERS);
  const statuses = new Set<FilterableStatus>();
  for (const status of read.all('status')) {
    if (isFilterableStatus(status)) statuses.add(status);
    else {
      read.problems.push(
        `"status" must be one of ${FILTERABLE_STATUSES.join(', ')} (got "${echo(status)}").`,
      );
    }
  }
  const includeActive = read.flag('includeActive');
  return read.result({
    offset: offset ?? DEFAULT_LIST_QUERY.offset,
    limit: limit ?? DEFAULT_LIST_QUERY.limit,
    sortOrder: sortOrder ?? DEFAULT_LIST_QUERY.sortOrder,
    statuses: FILTERABLE_STATUSES.filter((status) => statuses.has(status)),
    includeActive: includeActive ?? DEFAULT_LIST_QUERY.includeActive,
  });
}

/** Every parameter is written: the API documents no default limit, and its default order is ASC. */
export function toSessionListSearchParams(query: SessionListQuery): URLSearchParams {
  const params = new URLSearchParams();
  params.set('offset', String(query.offset));
  params.set('limit', String(query.limit));
  params.set('sortKeys', 'createdDate');
  params.set('sortOrder', query.sortOrder);
  for (const status of query.statuses) params.append('status', status);
  params.set('includeActive', String(query.includeActive));
  return params;
}

/** Status and sessionType are open strings: values like "Cancelled" are valid data. */
export const sessionRowSchema = z.object({
  sid: z.string().check(z.minLength(1)),
  status: z.string(),
  sessionType: nullableText,
  appointmentDate: nullableText,
  createdDate: nullableText,
  editDate: nullableText,
});

export type SessionRow = z.infer<typeof sessionRowSchema>;

const count = wholeNumberSchema;
const pageLink = z.nullable(z.string());

export const upstreamSessionListSchema = z.object({
  total: count,
  first: z._default(z.optional(pageLink), null),
  next: z._default(z.optional(pageLink), null),
  prev: z._default(z.optional(pageLink), null),
  last: z._default(z.optional(pageLink), null),
  count: z.optional(count),
  offset: z.optional(count),
  results: z.array(sessionRowSchema),
});

export type UpstreamSessionList = z.infer<typeof upstreamSessionListSchema>;

export const sessionListResponseSchema = z.object({
  total: count,
  count,
  offset: count,
  limit: count,
  first: pageLink,
  next: pageLink,
  prev: pageLink,
  last: pageLink,
  results: z.array(sessionRowSchema),
});

export type SessionListResponse = z.infer<typeof sessionListResponseSchema>;

/** Page links are our /api paths: the upstream's point at its own host, with unencoded values. */
export function toSessionListResponse(
  sids: SessionListSids,
  query: SessionListQuery,
  page: { total: number; results: SessionRow[] },
): SessionListResponse {
  const { offset, limit } = query;
  const { total, results } = page;
  const link = (at: number) => sessionListEndpoint.apiPath(sids, { ...query, offset: at });
  const lastStart = total > 0 ? Math.floor((total - 1) / limit) * limit : 0;
  return {
    total,
    count: results.length,
    offset,
    limit,
    first: link(0),
    next: offset + limit < total ? link(offset + limit) : null,
    // From beyond the end (a stale link), "previous" is the last page that has rows.
    prev: offset > 0 ? link(Math.max(0, Math.min(offset - limit, lastStart))) : null,
    last: total > 0 ? link(lastStart) : null,
    results,
  };
}

export const sessionListEndpoint = defineEndpoint({
  name: 'session-list',
  route: '/v1/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions',
  sids: sessionListSidsSchema,
  writeQuery: toSessionListSearchParams,
  answer: sessionListResponseSchema,
  resource: { name: 'sessions', phrase: 'the session list' },
  // Statuses move: a few seconds, so a refresh every 15 s always sees the upstream.
  reuseMs: 10_000,
  priority: 'rows',
});

export const sessionListSource = /* @__PURE__ */ fromUpstream({
  endpoint: sessionListEndpoint,
  parseQuery: (params) => parseSessionListQuery(params),
  upstream: upstreamSessionListSchema,
  settle: (list, query, note) => fitPage(list, query, note),
  toAnswer: (list, sids, query) => toSessionListResponse(sids, query, list),
});
