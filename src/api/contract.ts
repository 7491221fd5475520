/**
 * The one contract shared by the browser app, the Node server and the demo upstream:
 * sid patterns, status vocabulary, the list query and the response shapes.
 * Upstream facts come from ../shared/API.md (List enrollment exam sessions).
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------
// Sids
// ---------------------------------------------------------------------------

export const SID_KINDS = {
  install: { prefix: 'AI', label: 'install' },
  enrollment: { prefix: 'EN', label: 'enrollment' },
  exam: { prefix: 'EX', label: 'exam' },
  session: { prefix: 'ES', label: 'exam session' },
} as const;

export type SidKind = keyof typeof SID_KINDS;

export const SID_PATTERNS: Record<SidKind, RegExp> = {
  install: /^AI[a-f0-9]{32}$/,
  enrollment: /^EN[a-f0-9]{32}$/,
  exam: /^EX[a-f0-9]{32}$/,
  session: /^ES[a-f0-9]{32}$/,
};

/** What a valid sid of this kind looks like, in words a person can act on. */
export function describeSidFormat(kind: SidKind): string {
  return `${SID_KINDS[kind].prefix} followed by 32 lowercase hexadecimal characters (0-9, a-f)`;
}

export function isSid(kind: SidKind, value: string): boolean {
  return SID_PATTERNS[kind].test(value);
}

function sidMessage(kind: SidKind): string {
  return `The ${SID_KINDS[kind].label} sid must be ${describeSidFormat(kind)}.`;
}

/** The three sids that identify one learner's sessions for one exam. */
export interface SessionListSids {
  installSid: string;
  enrollmentSid: string;
  examSid: string;
}

export interface SidProblem {
  kind: SidKind;
  param: keyof SessionListSids;
  value: string;
  message: string;
}

/** Checks the three path sids, naming every one that is malformed. */
export function findSidProblems(sids: SessionListSids): SidProblem[] {
  const checks: Array<[SidKind, keyof SessionListSids]> = [
    ['install', 'installSid'],
    ['enrollment', 'enrollmentSid'],
    ['exam', 'examSid'],
  ];
  return checks
    .filter(([kind, param]) => !isSid(kind, sids[param]))
    .map(([kind, param]) => ({
      kind,
      param,
      value: sids[param],
      message: sidMessage(kind),
    }));
}

// ---------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------

/** The seven statuses the list endpoint can filter on, in the order the API documents them. */
export const FILTERABLE_STATUSES = [
  'Needs Proctor',
  'Pending Approval',
  'Approval Denied',
  'Scheduled',
  'Incident',
  'Closed',
  'Processing',
] as const;

export type FilterableStatus = (typeof FILTERABLE_STATUSES)[number];

/**
 * Values the API returns but cannot filter on (API.md §5). Any other string is still valid data
 * and is shown verbatim.
 */
export const CANCELLED_STATUS = 'Cancelled';
export const IN_PROGRESS_STATUS = 'In Progress';

export function isFilterableStatus(value: string): value is FilterableStatus {
  return (FILTERABLE_STATUSES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------
// List query (what our /api accepts and what is sent upstream: the same names)
// ---------------------------------------------------------------------------

export const SORT_ORDERS = ['ASC', 'DESC'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** The API documents no maximum; we never ask for more than this in one page. */
export const MAX_PAGE_LIMIT = 100;

export interface ListQueryRules {
  /** Inclusive range of `limit`. Ours is 1–100; the API documents only "≥ 0". */
  limit: { min: number; max: number };
}

export const OUR_LIST_QUERY_RULES: ListQueryRules = { limit: { min: 1, max: MAX_PAGE_LIMIT } };
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

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

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
    problems.push(`"${key}" is not a query parameter of this list.`);
  }

  const query: SessionListQuery = { ...DEFAULT_LIST_QUERY, statuses: [] };

  const offset = single(params, 'offset', problems);
  if (offset !== undefined) {
    if (integerString.test(offset) && Number.isSafeInteger(Number(offset))) {
      query.offset = Number(offset);
    } else {
      problems.push(`"offset" must be a whole number of 0 or more (got "${offset}").`);
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
      problems.push(`"limit" must be a whole number ${range} (got "${limit}").`);
    }
  }

  for (const sortKey of params.getAll('sortKeys')) {
    if (sortKey !== 'createdDate') {
      problems.push(`"sortKeys" can only be "createdDate" (got "${sortKey}").`);
    }
  }

  const sortOrder = single(params, 'sortOrder', problems);
  if (sortOrder !== undefined) {
    if ((SORT_ORDERS as readonly string[]).includes(sortOrder)) {
      query.sortOrder = sortOrder as SortOrder;
    } else {
      problems.push(`"sortOrder" must be ASC or DESC (got "${sortOrder}").`);
    }
  }

  const statuses = new Set<FilterableStatus>();
  for (const status of params.getAll('status')) {
    if (isFilterableStatus(status)) {
      statuses.add(status);
    } else {
      problems.push(`"status" must be one of ${FILTERABLE_STATUSES.join(', ')} (got "${status}").`);
    }
  }
  query.statuses = FILTERABLE_STATUSES.filter((status) => statuses.has(status));

  const includeActive = single(params, 'includeActive', problems);
  if (includeActive !== undefined) {
    if (includeActive === 'true' || includeActive === 'false') {
      query.includeActive = includeActive === 'true';
    } else {
      problems.push(`"includeActive" must be true or false (got "${includeActive}").`);
    }
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: query };
}

/**
 * The one serializer of a list query, used for our /api URLs, upstream calls and page links.
 * Every parameter is written so the upstream never falls back to an undocumented default
 * (API.md: "limit default/max undocumented; always send a limit").
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

/** The list route as a router pattern (Hono), relative to the API root. */
export const SESSION_LIST_ROUTE =
  '/v1/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions';

/**
 * Parses a whole list request (path sids and query), naming every bad part, so a bad request is
 * refused before anything is sent on.
 */
export function parseSessionListRequest(
  sids: SessionListSids,
  params: URLSearchParams,
  rules: ListQueryRules = OUR_LIST_QUERY_RULES,
): ParseResult<{ sids: SessionListSids; query: SessionListQuery }> {
  const query = parseSessionListQuery(params, rules);
  const problems = [
    ...findSidProblems(sids).map((problem) => problem.message),
    ...(query.ok ? [] : query.problems),
  ];
  return query.ok && problems.length === 0
    ? { ok: true, value: { sids, query: query.value } }
    : { ok: false, problems };
}

export function sessionListPath(sids: SessionListSids): string {
  return `/v1/installs/${sids.installSid}/enrollments/${sids.enrollmentSid}/exams/${sids.examSid}/sessions`;
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

/** A text field the API may send as a string, null, or not at all; absent reads as null. */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

/**
 * One row of the list, read defensively on both sides of our server. Status and sessionType are
 * open strings: values outside the known sets (e.g. "Cancelled") are valid data. Dates are ISO
 * strings or null (unscheduled sessions). Unknown extra fields are dropped by parsing.
 */
export const sessionRowSchema = z.object({
  sid: z.string().min(1),
  status: z.string(),
  sessionType: optionalText,
  appointmentDate: optionalText,
  createdDate: optionalText,
  editDate: optionalText,
});

export type SessionRow = z.infer<typeof sessionRowSchema>;

const count = z.number().int().nonnegative();
const pageLink = z.string().nullable();

/** The upstream's list envelope: links may be missing or null, and count/offset are optional. */
export const upstreamSessionListSchema = z.object({
  total: count,
  first: pageLink.optional().default(null),
  next: pageLink.optional().default(null),
  prev: pageLink.optional().default(null),
  last: pageLink.optional().default(null),
  count: count.optional(),
  offset: count.optional(),
  results: z.array(sessionRowSchema),
});

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

// ---------------------------------------------------------------------------
// Errors our server returns
// ---------------------------------------------------------------------------

export const API_ERROR_CODES = [
  'bad_request',
  'route_not_found',
  'token_refused',
  'not_found',
  'rate_limited',
  'upstream_error',
  'upstream_unreachable',
  'upstream_timeout',
  'malformed_response',
  'internal_error',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const apiErrorBodySchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  status: z.number().int(),
  /** Seconds to wait before retrying, when the upstream said so (429). */
  retryAfterSeconds: z.number().nonnegative().optional(),
});

export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

// ---------------------------------------------------------------------------
// Demo mode
// ---------------------------------------------------------------------------

/** A ready link into the dashboard that the demo upstream can answer; faults show error screens. */
export const demoLinkSchema = z.object({
  kind: z.enum(['dashboard', 'fault']),
  label: z.string(),
  description: z.string(),
  path: z.string(),
});

export type DemoLink = z.infer<typeof demoLinkSchema>;

/** GET /api/demo-links (404 when the server reads the real API). */
export const demoLinksResponseSchema = z.object({ links: z.array(demoLinkSchema) });
