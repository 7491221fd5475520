/**
 * Fixtures for component tests of the sessions page: valid sids, generated session rows and an
 * MSW handler that answers like our server, selecting rows with the demo upstream's own list
 * functions (one implementation of the list rules), and records every request URL so a test can
 * assert what the page asked for.
 */
import { http, HttpResponse, type HttpResponseResolver } from 'msw';
import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import { parseRequest, QUOTA_PRIORITY_HEADER } from '#src/api/contract/endpoint.ts';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import {
  sessionListEndpoint,
  sessionListSource,
  toSessionListResponse,
  type SessionListSids,
  type SessionRow,
} from '#src/api/contract/session-list.ts';
import {
  statusCountQueries,
  statusCountsFromTotals,
  statusCountsEndpoint,
  statusCountsSource,
  type StatusCountsResponse,
} from '#src/api/contract/status-counts.ts';
import { selectSessionPage } from '#server/demo-upstream/session-list.ts';

export const SIDS: SessionListSids = {
  installSid: 'AI0123456789abcdef0123456789abcdef',
  enrollmentSid: 'EN00112233445566778899aabbccddeeff',
  examSid: 'EXfedcba9876543210fedcba9876543210',
};

export const SESSIONS_PATH = buildPath(PAGE_ROUTES.sessions, SIDS);

export const API_SESSIONS_PATH = buildPath(sessionListEndpoint.apiRoute, SIDS);

/** The route pattern MSW matches: any sids, so a test can also see requests for other learners. */
export const API_SESSIONS_ROUTE = sessionListEndpoint.apiRoute;

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
  /** Answers the list and, from the same sessions, the status filter's counts. */
  handler: ReturnType<typeof http.get>;
  /** Every request the page made to the list endpoint, in order. */
  requests: URL[];
  /** The quota priority each list request asked for (null: the endpoint's own), in order. */
  priorities: (string | null)[];
  /** Every request the page made for the status counts, in order. */
  countRequests: URL[];
}

/** Answers like our server: the request parsed by our rules, rows selected as the demo does. */
export function answerSessions(
  sessions: readonly SessionRow[],
  url: URL,
  params: Readonly<Record<string, string | undefined>>,
): Response {
  const request = parseRequest(
    sessionListEndpoint,
    sessionListSource.parseQuery,
    params,
    url.searchParams,
  );
  if (!request.ok) {
    return errorResponse('bad_request', 400, request.problems.join(' '));
  }
  const { sids, query } = request.value;
  const page = selectSessionPage(sessions, query);
  return HttpResponse.json(
    sessionListEndpoint.answer.parse(toSessionListResponse(sids, query, page)),
  );
}

/** The status counts as our server makes them: each status's total under the list's rules. */
export function answerStatusCounts(
  sessions: readonly SessionRow[],
  url: URL,
  params: Readonly<Record<string, string | undefined>>,
): Response {
  const request = parseRequest(
    statusCountsEndpoint,
    statusCountsSource.parseQuery,
    params,
    url.searchParams,
  );
  if (!request.ok) {
    return errorResponse('bad_request', 400, request.problems.join(' '));
  }
  const { query } = request.value;
  return HttpResponse.json(
    statusCountsFromTotals(
      statusCountQueries(query).map((listQuery) => selectSessionPage(sessions, listQuery).total),
    ) satisfies StatusCountsResponse,
  );
}

/** The list's route and the counts' beside it; `:endpoint` tells them apart. */
const SESSIONS_OR_COUNTS_ROUTE = sessionListEndpoint.apiRoute.replace(/\/sessions$/, '/:endpoint');

/**
 * A list endpoint over `sessions` that records each request, and the status counts over the same
 * sessions. `resolve` may replace the list's answer (e.g. fail first, or wait for a gate); it
 * receives the recorded URL and the default answer.
 */
export function sessionsApi(
  sessions: readonly SessionRow[],
  resolve?: (url: URL, answer: () => Response) => Response | Promise<Response>,
): RecordedSessionsApi {
  const requests: URL[] = [];
  const priorities: (string | null)[] = [];
  const countRequests: URL[] = [];
  const resolver: HttpResponseResolver = ({ request, params }) => {
    const url = new URL(request.url);
    const { endpoint, ...sids } = Object.fromEntries(
      Object.entries(params).map(([name, value]) => [name, String(value)]),
    );
    if (endpoint === 'session-counts') {
      countRequests.push(url);
      return answerStatusCounts(sessions, url, sids);
    }
    // Anything else beside the list is another handler's to answer.
    if (endpoint !== 'sessions') return undefined;
    requests.push(url);
    priorities.push(request.headers.get(QUOTA_PRIORITY_HEADER));
    const reply = () => answerSessions(sessions, url, sids);
    return resolve ? resolve(url, reply) : reply();
  };
  return {
    handler: http.get(SESSIONS_OR_COUNTS_ROUTE, resolver),
    requests,
    priorities,
    countRequests,
  };
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
