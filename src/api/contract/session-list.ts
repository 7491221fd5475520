/**
 * "List enrollment exam sessions": its sids, query rules (parse and serialize), the upstream's
 * answer and ours. Our /api takes the same query names the upstream does.
 */
import { z } from 'zod/mini';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { API_PREFIX, buildPath } from '#src/api/contract/routes.ts';
import {
  FILTERABLE_STATUSES,
  isFilterableStatus,
  type FilterableStatus,
} from '#src/api/contract/session-status.ts';
import { parseSids, SID_SCHEMAS } from '#src/api/contract/sids.ts';

// ---------------------------------------------------------------------------
// Route and sids
// ---------------------------------------------------------------------------

/** The endpoint, relative to the API root; our server mirrors it under API_PREFIX. */
export const SESSION_LIST_ROUTE =
  '/v1/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions';

/** The three sids that identify one learner's sessions for one exam. */
const sessionListSidsSchema = z.object({
  installSid: SID_SCHEMAS.installSid,
  enrollmentSid: SID_SCHEMAS.enrollmentSid,
  examSid: SID_SCHEMAS.examSid,
});

export type SessionListSids = z.infer<typeof sessionListSidsSchema>;

export function parseSessionListSids(raw: Readonly<Record<string, string | undefined>>) {
  return parseSids(sessionListSidsSchema, raw);
}

// ---------------------------------------------------------------------------
// Query
// ---------------------------------------------------------------------------

const SORT_ORDERS = ['ASC', 'DESC'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

function isSortOrder(value: string): value is SortOrder {
  return SORT_ORDERS.some((order) => order === value);
}

/** The API documents no maximum; we never ask for more than this in one page. */
export const MAX_PAGE_LIMIT = 100;

interface ListQueryRules {
  /** Inclusive range of `limit`. Ours is 1–100; the API documents only "≥ 0". */
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
  /** Empty means every status. Kept in FILTERABLE_STATUSES order so equal queries serialize alike. */
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

const integerString = /^(0|[1-9][0-9]*)$/;

/** Longest piece of a bad value we repeat back; the rest of it helps nobody. */
const MAX_ECHOED_VALUE = 40;

function echo(value: string): string {
  return value.length > MAX_ECHOED_VALUE ? `${value.slice(0, MAX_ECHOED_VALUE)}…` : value;
}

function single(params: URLSearchParams, key: string, problems: string[]): string | undefined {
  const values = params.getAll(key);
  if (values.length > 1) problems.push(`"${key}" was given ${values.length} times; give it once.`);
  return values[0];
}

/**
 * Parses a list query from URL search params (our /api and the demo upstream use this), naming
 * every bad part in plain words. Unknown keys are refused rather than silently forwarded.
 */
export function parseSessionListQuery(
  params: URLSearchParams,
  rules: ListQueryRules = OUR_LIST_QUERY_RULES,
): ParseResult<SessionListQuery> {
  const problems: string[] = [];
  const unknownKeys = [...new Set(params.keys())].filter((key) => !LIST_QUERY_KEYS.includes(key));
  for (const key of unknownKeys) {
    problems.push(`"${echo(key)}" is not a query parameter of this list.`);
  }

  const query: SessionListQuery = { ...DEFAULT_LIST_QUERY, statuses: [] };

  const offset = single(params, 'offset', problems);
  if (offset !== undefined) {
    if (integerString.test(offset) && Number.isSafeInteger(Number(offset))) {
      query.offset = Number(offset);
    } else {
      problems.push(`"offset" must be a whole number of 0 or more (got "${echo(offset)}").`);
    }
  }

  const limit = single(params, 'limit', problems);
  if (limit !== undefined) {
    const value = Number(limit);
    const { min, max } = rules.limit;
    if (integerString.test(limit) && value >= min && value <= max) {
      query.limit = value;
    } else {
      const range = max === Number.MAX_SAFE_INTEGER ? `of ${min} or more` : `from ${min} to ${max}`;
      problems.push(`"limit" must be a whole number ${range} (got "${echo(limit)}").`);
    }
  }

  for (const sortKey of params.getAll('sortKeys')) {
    if (sortKey !== 'createdDate') {
      problems.push(`"sortKeys" can only be "createdDate" (got "${echo(sortKey)}").`);
    }
  }

  const sortOrder = single(params, 'sortOrder', problems);
  if (sortOrder !== undefined) {
    if (isSortOrder(sortOrder)) {
      query.sortOrder = sortOrder;
    } else {
      problems.push(`"sortOrder" must be ASC or DESC (got "${echo(sortOrder)}").`);
    }
  }

  const statuses = new Set<FilterableStatus>();
  for (const status of params.getAll('status')) {
    if (isFilterableStatus(status)) {
      statuses.add(status);
    } else {
      problems.push(
        `"status" must be one of ${FILTERABLE_STATUSES.join(', ')} (got "${echo(status)}").`,
      );
    }
  }
  query.statuses = FILTERABLE_STATUSES.filter((status) => statuses.has(status));

  const includeActive = single(params, 'includeActive', problems);
  if (includeActive !== undefined) {
    if (includeActive === 'true' || includeActive === 'false') {
      query.includeActive = includeActive === 'true';
    } else {
      problems.push(`"includeActive" must be true or false (got "${echo(includeActive)}").`);
    }
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: query };
}

/**
 * The one serializer of a list query, used for our /api URLs, upstream calls and page links.
 * Every parameter is written, because the API documents neither a default nor a maximum limit
 * (its sibling APIs return every row when limit is missing) and its default order is ASC.
 */
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

/**
 * Parses a whole list request (path sids and query), naming every bad part, so a bad request is
 * refused before anything is sent on.
 */
export function parseSessionListRequest(
  rawSids: Readonly<Record<string, string | undefined>>,
  params: URLSearchParams,
  rules: ListQueryRules = OUR_LIST_QUERY_RULES,
): ParseResult<{ sids: SessionListSids; query: SessionListQuery }> {
  const sids = parseSessionListSids(rawSids);
  const query = parseSessionListQuery(params, rules);
  if (sids.ok && query.ok) return { ok: true, value: { sids: sids.value, query: query.value } };
  return {
    ok: false,
    problems: [
      ...(sids.ok ? [] : sids.problems.map((problem) => problem.message)),
      ...(query.ok ? [] : query.problems),
    ],
  };
}

/** The upstream path of the list, relative to the API root, with one page's query when given. */
export function sessionListPath(sids: SessionListSids, query?: SessionListQuery): string {
  return buildPath(
    SESSION_LIST_ROUTE,
    sids,
    query === undefined ? '' : toSessionListSearchParams(query),
  );
}

/** Our /api URL of one list page, as the browser requests it. */
export function sessionListApiPath(sids: SessionListSids, query: SessionListQuery): string {
  return `${API_PREFIX}${sessionListPath(sids, query)}`;
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

/** A text field the API may send as a string, null, or not at all; absent reads as null. */
const optionalText = z.pipe(
  z.nullish(z.string()),
  z.transform((value: string | null | undefined) => value ?? null),
);

/**
 * One row of the list, read defensively on both sides of our server. Status and sessionType are
 * open strings: values outside the known sets (e.g. "Cancelled") are valid data. Dates are ISO
 * strings or null (unscheduled sessions). Unknown extra fields are dropped by parsing.
 */
export const sessionRowSchema = z.object({
  sid: z.string().check(z.minLength(1)),
  status: z.string(),
  sessionType: optionalText,
  appointmentDate: optionalText,
  createdDate: optionalText,
  editDate: optionalText,
});

export type SessionRow = z.infer<typeof sessionRowSchema>;

const count = z.number().check(z.int(), z.nonnegative());
const pageLink = z.nullable(z.string());

/** The upstream's list envelope: links may be missing or null, and count/offset are optional. */
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

/** What our server returns to the browser: the same envelope, links pointing at our /api. */
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

/**
 * Our answer for one page. Page links are recomputed as our own /api paths: the upstream's point
 * at its own host and are built with unencoded values, so they are never passed through.
 */
export function toSessionListResponse(
  sids: SessionListSids,
  query: SessionListQuery,
  page: { total: number; results: SessionRow[] },
): SessionListResponse {
  const { offset, limit } = query;
  const { total, results } = page;
  const link = (at: number) => sessionListApiPath(sids, { ...query, offset: at });
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
