// Dates in ISO 8601 UTC, so they mean the same to whoever reads the ticket.
import type { KnownSessionFields } from '#src/api/contract/session-detail.ts';
import type { DetailRouteSids } from '#src/lib/detail-navigation.ts';
import { REVIEW_DATES, SCHEDULE_DATES } from '#src/features/session-detail/session-fields.ts';

export function isoUtc(value: string): string {
  const time = Date.parse(value);
  return Number.isNaN(time) ? `${value} (not a date)` : new Date(time).toISOString();
}

export function ticketText({
  sids,
  session,
  detailUrl,
}: {
  sids: DetailRouteSids;
  session: KnownSessionFields;
  detailUrl: string;
}): string {
  const dates = [...SCHEDULE_DATES, ...REVIEW_DATES].flatMap(({ field, label }) => {
    const value = session[field];
    return value === null || value === '' ? [] : [`${label}: ${isoUtc(value)}`];
  });
  return [
    `Exam session ${sids.sessionSid}`,
    `Status: ${session.status || 'No status'}`,
    `Status reason: ${session.statusReason ?? 'Not set'}`,
    '',
    `Install sid: ${sids.installSid}`,
    // The session's own record wins; the API's detail path carries no enrollment to check.
    `Enrollment sid: ${session.enrollmentSid ?? sids.enrollmentSid}`,
    ...(session.enrollmentSid !== null && session.enrollmentSid !== sids.enrollmentSid
      ? [`Enrollment sid in the link: ${sids.enrollmentSid} (not the session's)`]
      : []),
    `Exam sid: ${sids.examSid}`,
    `Session sid: ${sids.sessionSid}`,
    `User sid: ${session.userSid ?? 'Not set'}`,
    '',
    'Dates (ISO 8601, UTC):',
    ...(dates.length > 0 ? dates : ['None recorded']),
    '',
    `Link: ${detailUrl}`,
  ].join('\n');
}
