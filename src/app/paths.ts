import type { SessionListSids } from '#src/api/contract.ts';

export const SESSIONS_ROUTE =
  'installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions';

export function sessionsPath(sids: SessionListSids, search = ''): string {
  const path = `/installs/${sids.installSid}/enrollments/${sids.enrollmentSid}/exams/${sids.examSid}/sessions`;
  return search ? `${path}?${search}` : path;
}
