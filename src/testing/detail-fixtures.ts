/**
 * Fixtures for component tests of the session detail and the list's learner header: a session as
 * the upstream sends it (access key and exam URL included), turned into our server's answer by the
 * contract's own functions, so what the page receives is exactly what our server would send. MSW
 * handlers for the detail, profile, settings and record endpoints record every request URL.
 */
import { http, HttpResponse, type HttpResponseResolver } from 'msw';
import type { JsonRecord } from '#src/api/contract/json-fields.ts';
import {
  installSettingsEndpoint,
  type InstallSettings,
} from '#src/api/contract/install-settings.ts';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import {
  sessionDetailEndpoint,
  toSessionDetailResponse,
  type ExamNames,
  type SessionDetailResponse,
} from '#src/api/contract/session-detail.ts';
import {
  parseRecordPageQuery,
  SESSION_RECORD_ENDPOINTS,
  toSessionRecordsResponse,
  type SessionRecordKind,
} from '#src/api/contract/session-records.ts';
import { userProfileEndpoint, type UserProfile } from '#src/api/contract/user-profile.ts';
import {
  listContextEndpoint,
  parseListContextQuery,
  type ListContextResponse,
} from '#src/api/contract/list-context.ts';
import { errorResponse, SIDS, sessionSid } from '#src/testing/session-fixtures.ts';

export const LEARNER_SID = `US${'a1'.repeat(16)}`;
export const EXAM_NAMES: ExamNames = {
  examTitle: 'Chemistry Final Exam',
  courseName: 'General Chemistry II',
  courseCode: 'CHEM 201',
};
const COURSE_SID = `CU${'c0'.repeat(16)}`;
const PROCTOR_TYPE_SID = `TS${'4b89'.repeat(8)}`;

/** The first fixture session (index 0) under the list fixtures' sids. */
export const DETAIL_SIDS = { ...SIDS, sessionSid: sessionSid(0) };

export function detailPagePath(sid = DETAIL_SIDS.sessionSid): string {
  return buildPath(PAGE_ROUTES.sessionDetail, { ...SIDS, sessionSid: sid });
}

export const API_DETAIL_ROUTE = sessionDetailEndpoint.apiRoute;
export const API_PROFILE_ROUTE = userProfileEndpoint.apiRoute;
export const API_SETTINGS_ROUTE = installSettingsEndpoint.apiRoute;
export const API_LIST_CONTEXT_ROUTE = listContextEndpoint.apiRoute;

/** What the page must never show or receive: the values of the withheld fields. */
export const SECRET_ACCESS_KEY = 'ak-9f3e-secret-access-key';
export const SECRET_EXAM_URL = 'https://exam.example.test/launch?key=ak-9f3e';

/** A session as the upstream sends it, with withheld and undocumented fields among the rest. */
export function upstreamSession(sid: string, overrides: JsonRecord = {}): JsonRecord {
  return {
    sid,
    installSid: SIDS.installSid,
    examSid: SIDS.examSid,
    enrollmentSid: SIDS.enrollmentSid,
    userSid: LEARNER_SID,
    courseSid: COURSE_SID,
    instructorProctorSid: null,
    proctorTypeSid: PROCTOR_TYPE_SID,
    reviewByUserSid: null,
    status: 'Incident',
    statusReason: 'exam-completed',
    sessionType: 'live',
    schedulingModule: 'smarter-scheduling',
    workflowModule: null,
    appointmentDate: '2026-11-15T00:25:00.000Z',
    appointmentEndDate: '2026-11-15T02:25:00.000Z',
    dateScheduled: '2026-11-01T09:00:00.000Z',
    dateApproved: null,
    inProgressDate: '2026-11-15T00:27:12.000Z',
    recordingStartDate: '2026-11-15T00:28:00.000Z',
    systemCheckStartDate: '2026-11-15T00:20:00.000Z',
    systemCheckEndDate: '2026-11-15T00:24:30.000Z',
    createdDate: '2026-10-30T14:05:00.000Z',
    editDate: '2026-11-15T03:10:00.000Z',
    reviewRequired: true,
    reviewed: false,
    reviewByDate: '2026-11-18T00:00:00.000Z',
    reviewCompletedDate: null,
    sessionReportCount: 2,
    duration: 120,
    notes: 'Learner left the room twice.',
    externalAppointmentId: 'PU-77812',
    externalReservedAppointmentId: null,
    accessKey: SECRET_ACCESS_KEY,
    URL: SECRET_EXAM_URL,
    examLocale: 'en-US',
    platformVersion: 3,
    exam: { title: 'Chemistry Final Exam', URL: SECRET_EXAM_URL },
    course: { name: 'General Chemistry II', code: 'CHEM 201' },
    ...overrides,
  };
}

/** Our server's answer for an upstream session: withheld fields removed, the rest split. */
export function detailResponse(upstream: JsonRecord): SessionDetailResponse {
  const response = toSessionDetailResponse(upstream);
  if (response === null) throw new Error('The fixture session lacks its sid or status.');
  return response;
}

export const LEARNER_PROFILE: UserProfile = {
  sid: LEARNER_SID,
  firstName: 'Ada',
  lastName: 'Lovelace',
  email: 'ada.lovelace@example.edu',
  preferredEmail: null,
  username: 'alovelace',
  role: 'learner',
};

export const INSTALL_SETTINGS: InstallSettings = {
  sid: SIDS.installSid,
  name: 'Northfield University',
  defaultTimezone: 'America/Chicago',
};

/** `count` upstream records of a kind, the newest first, each with a field or two of its own. */
export function makeRecords(kind: SessionRecordKind, count: number): JsonRecord[] {
  const start = Date.UTC(2026, 10, 15, 0, 30, 0);
  return Array.from({ length: count }, (_, index) => ({
    sid: `${kind === 'events' ? 'ER' : 'AN'}${index.toString(16).padStart(32, '0')}`,
    createdDate: new Date(start + index * 60_000).toISOString(),
    title: `${kind === 'events' ? 'Event' : 'Annotation'} ${index + 1}`,
    description: `Description ${index + 1}`,
    severity: index % 2 === 0 ? 'high' : 'low',
  }));
}

/** One page of records as our server answers it (query read by the contract's rules). */
export function answerRecords(records: readonly JsonRecord[], url: URL): Response {
  const query = parseRecordPageQuery(url.searchParams);
  if (!query.ok) return errorResponse('bad_request', 400, query.problems.join(' '));
  const { offset, limit } = query.value;
  return HttpResponse.json(
    toSessionRecordsResponse(
      { total: records.length, results: records.slice(offset, offset + limit) },
      query.value,
    ),
  );
}

export interface RecordedApi {
  handler: ReturnType<typeof http.get>;
  /** Every request this handler answered, in order. */
  requests: URL[];
}

type Params = Readonly<Record<string, string>>;

function recorded(
  route: string,
  answer: (url: URL, params: Params) => Response | Promise<Response>,
): RecordedApi {
  const requests: URL[] = [];
  const resolver: HttpResponseResolver = ({ request, params }) => {
    const url = new URL(request.url);
    requests.push(url);
    const values = Object.fromEntries(
      Object.entries(params).map(([name, value]) => [name, String(value)]),
    );
    return answer(url, values);
  };
  return { handler: http.get(route, resolver), requests };
}

/** The detail endpoint; by default every session sid gets `upstreamSession(sid)`. */
export function detailApi(
  answer: (url: URL, params: Params) => Response | Promise<Response> = (_url, params) =>
    HttpResponse.json(detailResponse(upstreamSession(params.sessionSid ?? ''))),
): RecordedApi {
  return recorded(API_DETAIL_ROUTE, answer);
}

/** Who a list is about, as our server learns it from the session named in the query. */
export function answerListContext(url: URL): Response {
  const query = parseListContextQuery(url.searchParams);
  if (!query.ok) return errorResponse('bad_request', 400, query.problems.join(' '));
  return HttpResponse.json({
    userSid: LEARNER_SID,
    exam: EXAM_NAMES,
  } satisfies ListContextResponse);
}

export function listContextApi(
  answer: (url: URL) => Response | Promise<Response> = answerListContext,
): RecordedApi {
  return recorded(API_LIST_CONTEXT_ROUTE, answer);
}

export function profileApi(
  answer: (url: URL) => Response | Promise<Response> = () => HttpResponse.json(LEARNER_PROFILE),
): RecordedApi {
  return recorded(API_PROFILE_ROUTE, answer);
}

export function settingsApi(
  answer: (url: URL) => Response | Promise<Response> = () => HttpResponse.json(INSTALL_SETTINGS),
): RecordedApi {
  return recorded(API_SETTINGS_ROUTE, answer);
}

export function recordsApi(
  kind: SessionRecordKind,
  records: readonly JsonRecord[],
  answer: (url: URL, reply: () => Response) => Response | Promise<Response> = (_url, reply) =>
    reply(),
): RecordedApi {
  return recorded(SESSION_RECORD_ENDPOINTS[kind].apiRoute, (url) =>
    answer(url, () => answerRecords(records, url)),
  );
}

/**
 * Answers for every test (registered in msw-server.ts): any page that shows a session, or the
 * list's learner header, finds a session, a learner, an install and empty timelines.
 */
export const contextHandlers = [
  detailApi().handler,
  listContextApi().handler,
  profileApi().handler,
  settingsApi().handler,
  recordsApi('events', []).handler,
  recordsApi('annotations', []).handler,
];
