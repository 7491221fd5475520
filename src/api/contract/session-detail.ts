/**
 * "Exam Session Details": one session's full record (API.md section 3). The path has no
 * enrollment sid; our page route keeps the list's sids so that closing the detail returns there.
 */
import { z } from 'zod/mini';
import {
  displayFieldSchema,
  flattenForDisplay,
  jsonRecordSchema,
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

/**
 * The fields the dashboard knows and shows, grouped as staff read them. Everything is nullable:
 * the data model is Salesforce-backed and nulls are common.
 */
export const knownSessionFieldsSchema = z.object({
  sid: z.string().check(z.minLength(1)),
  status: z.string(),
  statusReason: text,
  sessionType: text,
  schedulingModule: text,
  workflowModule: text,
  // Schedule
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
  // Review
  reviewRequired: flag,
  reviewed: flag,
  reviewByDate: text,
  reviewCompletedDate: text,
  sessionReportCount: amount,
  duration: amount,
  notes: text,
  // Related sids and external ids
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

/** What our server answers: the known fields, the others flattened, and what was withheld. */
export const sessionDetailResponseSchema = z.object({
  session: knownSessionFieldsSchema,
  /** Fields the contract does not know, flattened to readable name/value pairs. */
  otherFields: z.array(displayFieldSchema),
  /** Names of fields removed because they grant exam access (their values never leave the server). */
  withheld: z.array(z.string()),
});

export type SessionDetailResponse = z.infer<typeof sessionDetailResponseSchema>;

/**
 * Reads the upstream's record: withheld fields go first (at any depth), then the known fields
 * are parsed and the rest flattened. Null when even the known fields do not parse.
 */
export function toSessionDetailResponse(upstream: JsonRecord): SessionDetailResponse | null {
  const withheld = new Set<string>();
  const cleaned = jsonRecordSchema.safeParse(withoutWithheld(upstream, withheld));
  if (!cleaned.success) return null;
  // A known field of an unexpected type ("duration": "60") must not cost staff the whole
  // session: it is read as unknown and shown with the other fields. Only sid and status count.
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
    otherFields: flattenForDisplay(
      cleaned.data,
      KNOWN_KEYS.filter((key) => !oddKeys.has(key)),
    ),
    withheld: [...withheld].sort(),
  };
}

/** The upstream answer as the server reads it: any JSON object (it is split by the function above). */
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
  priority: 'view',
});

export const sessionDetailSource = /* @__PURE__ */ fromUpstream({
  endpoint: sessionDetailEndpoint,
  parseQuery: refuseQuery,
  upstream: upstreamSessionDetailSchema,
  toAnswer: (response) => response,
});
