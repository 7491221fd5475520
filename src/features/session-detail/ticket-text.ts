// Plain text for any help desk: the people and exam first, then times, the link, and the sids.
import type { ExamNames, KnownSessionFields } from '#src/api/contract/session-detail.ts';
import { courseLabel, examLabel } from '#src/api/contract/session-detail.ts';
import type { DetailRouteSids } from '#src/lib/detail-navigation.ts';
import { formatDate, formatUtcDate } from '#src/lib/format-date.ts';
import type { SessionWait } from '#src/lib/session-wait.ts';
import { REVIEW_DATES, SCHEDULE_DATES } from '#src/features/session-detail/session-fields.ts';

export interface TicketFacts {
  sids: DetailRouteSids;
  session: KnownSessionFields;
  exam: ExamNames;
  installName: string | null;
  learner: { name: string; email: string | null } | null;
  wait: SessionWait | null;
  /** The zone the page shows times in, by its IANA name. */
  timeZone: string;
  detailUrl: string;
}

/** "Nov 14, 2026, 18:25 (2026-11-15 00:25 UTC)": the reader's time, and one that means the same anywhere. */
export function ticketTime(value: string, timeZone: string): string {
  const formatted = formatDate(value, undefined, timeZone);
  if (formatted === null) return `${value} (not a date)`;
  return `${formatted.absolute} (${formatUtcDate(formatted.iso)} UTC)`;
}

function orUnknown(value: string | null, fallback = 'Not set'): string {
  return value === null || value.trim() === '' ? fallback : value;
}

export function ticketText({
  sids,
  session,
  exam,
  installName,
  learner,
  wait,
  timeZone,
  detailUrl,
}: TicketFacts): string {
  const dates = [...SCHEDULE_DATES, ...REVIEW_DATES].flatMap(({ field, label }) => {
    const value = session[field];
    return value === null || value === '' ? [] : [`${label}: ${ticketTime(value, timeZone)}`];
  });
  const course = courseLabel(exam);
  const subject = [learner?.name, examLabel(exam)].filter(Boolean).join(', ');
  const notes = session.notes?.trim() ?? '';
  // The session's own record wins; the API's detail path carries no enrollment to check.
  const enrollmentSid = session.enrollmentSid ?? sids.enrollmentSid;
  return [
    `Exam session${subject === '' ? '' : `: ${subject}`}`,
    '',
    `Learner: ${
      learner === null
        ? 'Not known (see the user sid below)'
        : `${learner.name}${learner.email === null ? '' : ` (${learner.email})`}`
    }`,
    `Install: ${orUnknown(installName, 'Not known (see the install sid below)')}`,
    `Exam: ${orUnknown(exam.examTitle, 'Not named (see the exam sid below)')}`,
    ...(course === null ? [] : [`Course: ${course}`]),
    `Session type: ${orUnknown(session.sessionType)}`,
    `Status: ${orUnknown(session.status, 'No status')}`,
    `Status reason: ${orUnknown(session.statusReason)}`,
    ...(wait === null ? [] : [`Waiting: ${wait.length}${wait.overdue ? ', overdue' : ''}`]),
    ...(notes === '' ? [] : [`Notes: ${notes}`]),
    '',
    `Times in ${timeZone} (UTC in brackets):`,
    ...(dates.length > 0 ? dates : ['None recorded']),
    '',
    `Link: ${detailUrl}`,
    '',
    'Sids:',
    `Install sid: ${sids.installSid}`,
    `Enrollment sid: ${enrollmentSid}`,
    ...(enrollmentSid !== sids.enrollmentSid
      ? [`Enrollment sid in the link: ${sids.enrollmentSid} (not the session's)`]
      : []),
    `Exam sid: ${sids.examSid}`,
    `Session sid: ${sids.sessionSid}`,
    `User sid: ${session.userSid ?? 'Not set'}`,
  ].join('\n');
}
