import { expect, test } from 'vitest';
import type { JsonRecord } from '#src/api/contract/json-fields.ts';
import {
  toSessionDetailResponse,
  type SessionDetailResponse,
} from '#src/api/contract/session-detail.ts';
import { ABSOLUTE_DATE_OPTIONS } from '#src/lib/format-date.ts';
import {
  ticketText,
  ticketTime,
  type TicketFacts,
} from '#src/features/session-detail/ticket-text.ts';

const SIDS = {
  installSid: 'AI0123456789abcdef0123456789abcdef',
  enrollmentSid: 'EN00112233445566778899aabbccddeeff',
  examSid: 'EXfedcba9876543210fedcba9876543210',
  sessionSid: `ES${'0'.repeat(32)}`,
};
const USER_SID = `US${'a1'.repeat(16)}`;
const CHICAGO = 'America/Chicago';

/** The reader's own locale decides the words; the hour is the zone's. */
function chicago(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { ...ABSOLUTE_DATE_OPTIONS, timeZone: CHICAGO }).format(
    new Date(iso),
  );
}

function detail(fields: JsonRecord): SessionDetailResponse {
  const response = toSessionDetailResponse({ sid: SIDS.sessionSid, status: 'Incident', ...fields });
  if (response === null) throw new Error('the session should read');
  return response;
}

function facts(response: SessionDetailResponse, more: Partial<TicketFacts> = {}): TicketFacts {
  return {
    sids: SIDS,
    session: response.session,
    exam: response.exam,
    installName: 'Northfield University',
    learner: { name: 'Maya Okonkwo', email: 'maya.okonkwo@gmail.com' },
    wait: null,
    timeZone: CHICAGO,
    detailUrl: 'https://dash.test/d',
    ...more,
  };
}

test('the ticket reads on its own: who, which install and exam, what happened and when, then the link and sids', () => {
  const response = detail({
    enrollmentSid: SIDS.enrollmentSid,
    userSid: USER_SID,
    statusReason: 'exam-completed',
    sessionType: 'live',
    notes: "Learner's phone was visible during the room scan.",
    appointmentDate: '2026-11-15T00:25:00.000Z',
    createdDate: '2026-10-30T14:05:00.000Z',
    exam: { title: 'Chemistry Final Exam' },
    course: { name: 'General Chemistry II', code: 'CHEM 201' },
  });

  expect(ticketText(facts(response))).toBe(
    [
      'Exam session: Maya Okonkwo, Chemistry Final Exam (CHEM 201)',
      '',
      'Learner: Maya Okonkwo (maya.okonkwo@gmail.com)',
      'Install: Northfield University',
      'Exam: Chemistry Final Exam',
      'Course: General Chemistry II (CHEM 201)',
      'Session type: live',
      'Status: Incident',
      'Status reason: exam-completed',
      "Notes: Learner's phone was visible during the room scan.",
      '',
      'Times in America/Chicago (UTC in brackets):',
      `Appointment start: ${chicago('2026-11-15T00:25:00.000Z')} (2026-11-15 00:25 UTC)`,
      `Created: ${chicago('2026-10-30T14:05:00.000Z')} (2026-10-30 14:05 UTC)`,
      '',
      'Link: https://dash.test/d',
      '',
      'Sids:',
      `Install sid: ${SIDS.installSid}`,
      `Enrollment sid: ${SIDS.enrollmentSid}`,
      `Exam sid: ${SIDS.examSid}`,
      `Session sid: ${SIDS.sessionSid}`,
      `User sid: ${USER_SID}`,
    ].join('\n'),
  );
  // Chicago is six hours behind UTC in November: the local time is the zone's, not the reader's.
  expect(chicago('2026-11-15T00:25:00.000Z')).toContain('18:25');
});

test('a session waiting on staff says for how long, and whether it is overdue', () => {
  const response = detail({ status: 'Needs Proctor' });

  expect(ticketText(facts(response, { wait: { length: '3 d', overdue: true } }))).toContain(
    '\nStatus reason: Not set\nWaiting: 3 d, overdue\n',
  );
  expect(ticketText(facts(response, { wait: { length: '5 h', overdue: false } }))).toContain(
    '\nWaiting: 5 h\n',
  );
  expect(ticketText(facts(response))).not.toContain('Waiting');
});

test('what is not known is said so, pointing to the sid that stands for it', () => {
  const text = ticketText(
    facts(detail({ userSid: USER_SID }), { learner: null, installName: null }),
  );

  expect(text.startsWith('Exam session\n\n')).toBe(true);
  expect(text).toContain('\nLearner: Not known (see the user sid below)\n');
  expect(text).toContain('\nInstall: Not known (see the install sid below)\n');
  expect(text).toContain('\nExam: Not named (see the exam sid below)\nSession type: Not set\n');
  expect(text).not.toContain('Course:');
  expect(text).toContain('\nTimes in America/Chicago (UTC in brackets):\nNone recorded\n');
  expect(text).toContain(`\nUser sid: ${USER_SID}`);
});

test('a learner without an email is named alone', () => {
  const text = ticketText(facts(detail({}), { learner: { name: 'schen42', email: null } }));

  expect(text).toContain('\nLearner: schen42\n');
});

test('the ticket names the session’s own enrollment, and the link’s when they differ', () => {
  const text = ticketText(facts(detail({ enrollmentSid: `EN${'9'.repeat(32)}` })));

  expect(text).toContain(`Enrollment sid: EN${'9'.repeat(32)}\n`);
  expect(text).toContain(`Enrollment sid in the link: ${SIDS.enrollmentSid} (not the session's)`);
});

test('a time with an offset is the same instant in UTC; a value that is not a date is kept and said so', () => {
  expect(ticketTime('2026-11-14T19:25:00-05:00', 'UTC')).toBe(
    `${new Intl.DateTimeFormat(undefined, { ...ABSOLUTE_DATE_OPTIONS, timeZone: 'UTC' }).format(new Date('2026-11-15T00:25:00Z'))} (2026-11-15 00:25 UTC)`,
  );
  expect(ticketTime('soon', CHICAGO)).toBe('soon (not a date)');
});
