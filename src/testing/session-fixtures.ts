/**
 * Fixtures for component tests of the sessions page: valid sids, generated session rows and an
 * MSW handler that pages, sorts and filters those rows the way our /api does, recording every
 * request URL so a test can assert what the page asked for.
 */
import { http, HttpResponse, type HttpResponseResolver } from 'msw';
import {
  IN_PROGRESS_STATUS,
  parseSessionListQuery,
  sessionListResponseSchema,
  type ApiErrorCode,
  type SessionListResponse,
  type SessionListSids,
  type SessionRow,
} from '#src/api/contract.ts';

export const SIDS: SessionListSids = {
  installSid: 'AI0123456789abcdef0123456789abcdef',
  enrollmentSid: 'EN00112233445566778899aabbccddeeff',
  examSid: 'EXfedcba9876543210fedcba9876543210',
};

export const SESSIONS_PATH = `/installs/${SIDS.installSid}/enrollments/${SIDS.enrollmentSid}/exams/${SIDS.examSid}/sessions`;

export const API_SESSIONS_PATH = `/api/v1/installs/${SIDS.installSid}/enrollments/${SIDS.enrollmentSid}/exams/${SIDS.examSid}/sessions`;

/** The route pattern MSW matches: any sids, so a test can also see requests for other learners. */
export const API_SESSIONS_ROUTE =
  '/api/v1/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions';

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST_CREATED = Date.UTC(2026, 0, 1, 9, 0, 0);

/** `ES` + the index as 32 hex digits, so a row's position in the fixture is readable in its sid. */
export function sessionSid(index: number): string {
  return `ES${index.toString(16).padStart(32, '0')}`;
}

/** Session `index` was created `index` days after 1 Jan 2026, so createdDate order = index order. */
export function makeSession(index: number, status: string): SessionRow {
  const created = FIRST_CREATED + index * DAY_MS;
  return {
    sid: sessionSid(index),
    status,
    sessionType: 'live',
    appointmentDate:
      status === 'Needs Proctor' ? null : new Date(created + 7 * DAY_MS).toISOString(),
    createdDate: new Date(created).toISOString(),
    editDate: new Date(created + 60 * 60 * 1000).toISOString(),
  };
}

/** One session per status given, in creation order. */
export function makeSessions(statuses: readonly string[]): SessionRow[] {
  return statuses.map((status, index) => makeSession(index, status));
}

/** `count` sessions whose statuses cycle through `cycle`. */
export function cycleStatuses(count: number, cycle: readonly string[]): string[] {
  return Array.from({ length: count }, (_, index) => cycle[index % cycle.length] ?? 'Closed');
}

export interface RecordedSessionsApi {
  handler: ReturnType<typeof http.get>;
  /** Every request the page made to the list endpoint, in order. */
  requests: URL[];
  /** The answer the fixture gives for a request URL (used by handlers that fail first). */
  answer: (url: URL) => Response;
}

function pageLink(url: URL, offset: number | null): string | null {
  if (offset === null) return null;
  const link = new URL(url);
  link.searchParams.set('offset', String(offset));
  return `${link.pathname}${link.search}`;
}

/**
 * Answers like our server: status filter (In Progress rows only with includeActive=true),
 * createdDate sort, offset/limit slice, total and first/next/prev/last links.
 */
export function answerSessions(sessions: readonly SessionRow[], url: URL): Response {
  const parsed = parseSessionListQuery(url.searchParams);
  if (!parsed.ok) {
    return errorResponse('bad_request', 400, parsed.problems.join(' '));
  }
  const query = parsed.value;
  const matching = sessions
    .filter((row) =>
      query.statuses.length > 0
        ? (query.statuses as readonly string[]).includes(row.status)
        : query.includeActive || row.status !== IN_PROGRESS_STATUS,
    )
    .toSorted((a, b) => {
      const order = (a.createdDate ?? '').localeCompare(b.createdDate ?? '');
      return query.sortOrder === 'ASC' ? order : -order;
    });
  const total = matching.length;
  const results = matching.slice(query.offset, query.offset + query.limit);
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / query.limit) * query.limit;
  const body: SessionListResponse = {
    total,
    count: results.length,
    offset: query.offset,
    limit: query.limit,
    first: pageLink(url, 0),
    next: pageLink(url, query.offset + query.limit < total ? query.offset + query.limit : null),
    prev: pageLink(url, query.offset > 0 ? Math.max(0, query.offset - query.limit) : null),
    last: pageLink(url, lastOffset),
    results,
  };
  return HttpResponse.json(sessionListResponseSchema.parse(body));
}

/**
 * A list endpoint over `sessions` that records each request. `resolve` may replace the answer
 * (e.g. fail first, or wait for a gate); it receives the recorded URL and the default answer.
 */
export function sessionsApi(
  sessions: readonly SessionRow[],
  resolve?: (url: URL, answer: () => Response) => Response | Promise<Response>,
): RecordedSessionsApi {
  const requests: URL[] = [];
  const answer = (url: URL) => answerSessions(sessions, url);
  const resolver: HttpResponseResolver = ({ request }) => {
    const url = new URL(request.url);
    requests.push(url);
    return resolve ? resolve(url, () => answer(url)) : answer(url);
  };
  return { handler: http.get(API_SESSIONS_ROUTE, resolver), requests, answer };
}

/** A body our server sends for an error, with its HTTP status. */
export function errorResponse(
  code: ApiErrorCode,
  status: number,
  message: string,
  retryAfterSeconds?: number,
): Response {
  return HttpResponse.json(
    { code, message, status, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
    { status },
  );
}

/** The list query string our app sends, for exact comparison with a recorded request. */
export function listSearch({
  offset = 0,
  limit = 25,
  sortOrder = 'DESC',
  statuses = [],
  includeActive = false,
}: {
  offset?: number;
  limit?: number;
  sortOrder?: 'ASC' | 'DESC';
  statuses?: string[];
  includeActive?: boolean;
}): string {
  const params = new URLSearchParams();
  params.set('offset', String(offset));
  params.set('limit', String(limit));
  params.set('sortKeys', 'createdDate');
  params.set('sortOrder', sortOrder);
  for (const status of statuses) params.append('status', status);
  params.set('includeActive', String(includeActive));
  return `?${params}`;
}
