// See docs/decisions/withheld-exam-access-fields.md.
import { z } from 'zod/mini';
import {
  displayFieldSchema,
  flattenForDisplay,
  jsonRecordSchema,
  textAt,
  withoutWithheld,
  type JsonRecord,
} from '#src/api/contract/json-fields.ts';
import { defineEndpoint, fromUpstream, noQuery, refuseQuery } from '#src/api/contract/endpoint.ts';
import { nullableFlag, nullableNumber, nullableText } from '#src/api/contract/query-rules.ts';
import { SID_SCHEMAS } from '#src/api/contract/sids.ts';

const sessionDetailSidsSchema = z.object({
  installSid: SID_SCHEMAS.installSid,
  examSid: SID_SCHEMAS.examSid,
  sessionSid: SID_SCHEMAS.sessionSid,
});

export type SessionDetailSids = z.infer<typeof sessionDetailSidsSchema>;

const text = nullableText;
const flag = nullableFlag;
const amount = nullableNumber;

/** Nullable throughout: the data model is Salesforce-backed and nulls are common. */
export const knownSessionFieldsSchema = z.object({
  sid: z.string().check(z.minLength(1)),
  status: z.string(),
  statusReason: text,
  sessionType: text,
  schedulingModule: text,
  workflowModule: text,
  appointmentDate: text,
  appointmentEndDate: text,
  dateScheduled: text,
  dateApproved: text,
  inProgressDate: text,
  recordingStartDate: text,
  systemCheckStartDate: text,
  systemCheckEndDate: text,
  createdDate: text,
  editDate: text,
  reviewRequired: flag,
  reviewed: flag,
  reviewByDate: text,
  reviewCompletedDate: text,
  sessionReportCount: amount,
  duration: amount,
  notes: text,
  installSid: text,
  examSid: text,
  enrollmentSid: text,
  userSid: text,
  courseSid: text,
  instructorProctorSid: text,
  proctorTypeSid: text,
  reviewByUserSid: text,
  externalAppointmentId: text,
  externalReservedAppointmentId: text,
});

export type KnownSessionFields = z.infer<typeof knownSessionFieldsSchema>;

const KNOWN_KEYS: readonly string[] = Object.keys(knownSessionFieldsSchema.shape);

/** The exam a session belongs to, as the detail names it: undocumented, so read widely. */
export const examNamesSchema = z.object({
  examTitle: text,
  courseName: text,
  courseCode: text,
});

export type ExamNames = z.infer<typeof examNamesSchema>;

export const NO_EXAM_NAMES: ExamNames = { examTitle: null, courseName: null, courseCode: null };

/** Defaulted: a browser may hold an answer from before exams were named. */
export const answeredExamNamesSchema = z._default(examNamesSchema, NO_EXAM_NAMES);

const EXAM_NAME_PATHS: Record<keyof ExamNames, readonly string[]> = {
  examTitle: ['exam.title', 'exam.name', 'examTitle', 'examName'],
  courseName: ['course.name', 'exam.courseName', 'courseName'],
  courseCode: ['course.code', 'exam.courseCode', 'courseCode'],
};

function readExamNames(record: JsonRecord): ExamNames {
  const first = (paths: readonly string[]) =>
    paths.map((path) => textAt(record, path)).find((name) => name !== null) ?? null;
  return {
    examTitle: first(EXAM_NAME_PATHS.examTitle),
    courseName: first(EXAM_NAME_PATHS.courseName),
    courseCode: first(EXAM_NAME_PATHS.courseCode),
  };
}

/** "Chemistry Final Exam (CHEM 201)": the title staff know an exam by, with its course when named. */
/** "General Chemistry II (CHEM 201)", or whichever of the two is named. */
export function courseLabel({ courseName, courseCode }: ExamNames): string | null {
  return courseName !== null && courseCode !== null
    ? `${courseName} (${courseCode})`
    : (courseName ?? courseCode);
}

export function examLabel(names: ExamNames): string | undefined {
  const course = names.courseCode ?? names.courseName;
  if (names.examTitle === null) return course === null ? undefined : `${course} exam`;
  return course === null ? names.examTitle : `${names.examTitle} (${course})`;
}

export const sessionDetailResponseSchema = z.object({
  session: knownSessionFieldsSchema,
  exam: answeredExamNamesSchema,
  otherFields: z.array(displayFieldSchema),
  withheld: z.array(z.string()),
});

export type SessionDetailResponse = z.infer<typeof sessionDetailResponseSchema>;

export function toSessionDetailResponse(upstream: JsonRecord): SessionDetailResponse | null {
  const withheld = new Set<string>();
  const cleaned = jsonRecordSchema.safeParse(withoutWithheld(upstream, withheld));
  if (!cleaned.success) return null;
  // A known field of an unexpected type is shown among the others; only sid and status must parse.
  const first = knownSessionFieldsSchema.safeParse(cleaned.data);
  const oddKeys = first.success
    ? new Set<string>()
    : new Set(first.error.issues.map((issue) => String(issue.path[0])));
  if (oddKeys.has('sid') || oddKeys.has('status')) return null;
  const known = Object.fromEntries(
    Object.entries(cleaned.data).filter(([key]) => !oddKeys.has(key)),
  );
  const session = first.success ? first : knownSessionFieldsSchema.safeParse(known);
  if (!session.success) return null;
  return {
    session: session.data,
    exam: readExamNames(cleaned.data),
    otherFields: flattenForDisplay(
      cleaned.data,
      KNOWN_KEYS.filter((key) => !oddKeys.has(key)),
    ),
    withheld: [...withheld].sort(),
  };
}

const upstreamSessionDetailSchema = z.pipe(
  jsonRecordSchema,
  z.transform((record, ctx) => {
    const response = toSessionDetailResponse(record);
    if (response === null) {
      ctx.issues.push({
        code: 'custom',
        message: 'the session lacks its sid or status',
        input: record,
      });
      return z.NEVER;
    }
    return response;
  }),
);

export const sessionDetailEndpoint = defineEndpoint({
  name: 'session-detail',
  route: '/v1/installs/:installSid/exams/:examSid/sessions/:sessionSid',
  sids: sessionDetailSidsSchema,
  writeQuery: noQuery,
  answer: sessionDetailResponseSchema,
  resource: { name: 'exam session', phrase: 'this exam session' },
  reuseMs: 30_000,
  priority: 'detail',
});

export const sessionDetailSource = /* @__PURE__ */ fromUpstream({
  endpoint: sessionDetailEndpoint,
  parseQuery: refuseQuery,
  upstream: upstreamSessionDetailSchema,
  toAnswer: (response) => response,
});
