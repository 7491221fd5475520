import { expect, test } from 'vitest';
import { parseDetailRouteSids } from '#src/features/session-detail/detail-sids.ts';
import { withheldNote } from '#src/features/session-detail/session-fields.ts';
import { isoUtc, ticketText } from '#src/features/session-detail/ticket-text.ts';
import { toSessionDetailResponse } from '#src/api/contract/session-detail.ts';

const SIDS = {
  installSid: 'AI0123456789abcdef0123456789abcdef',
  enrollmentSid: 'EN00112233445566778899aabbccddeeff',
  examSid: 'EXfedcba9876543210fedcba9876543210',
  sessionSid: `ES${'0'.repeat(32)}`,
};

test('the withheld note names the fields in words, access key first, never a value', () => {
  expect(withheldNote(['URL', 'accessKey'])).toBe(
    'Access key and exam URL are withheld: they grant access to the exam.',
  );
  expect(withheldNote(['accessKey'])).toBe('Access key is withheld: it grants access to the exam.');
  expect(withheldNote(['url', 'URL', 'onboardUrl'])).toBe(
    'Exam URL and onboarding link are withheld: they grant access to the exam.',
  );
  expect(withheldNote(['secretThing'])).toBe(
    'Another field is withheld: it grants access to the exam.',
  );
  expect(withheldNote([])).toBeNull();
});

test('the detail route’s sids are read with the list’s and the detail’s rules, each bad one named once', () => {
  expect(parseDetailRouteSids(SIDS)).toEqual({ ok: true, value: SIDS });

  const result = parseDetailRouteSids({ ...SIDS, installSid: 'AI1', sessionSid: 'ES1' });
  expect(result.ok).toBe(false);
  expect(result.ok ? [] : result.problems.map((problem) => [problem.param, problem.value])).toEqual(
    [
      ['installSid', 'AI1'],
      ['sessionSid', 'ES1'],
    ],
  );
});

test('ticket dates are ISO instants in UTC; a value that is not a date is kept and said so', () => {
  expect(isoUtc('2026-11-14T19:25:00-05:00')).toBe('2026-11-15T00:25:00.000Z');
  expect(isoUtc('2026-11-15T00:25:00Z')).toBe('2026-11-15T00:25:00.000Z');
  expect(isoUtc('soon')).toBe('soon (not a date)');
});

test('a known field of an odd type is shown with the other fields; the session still reads', () => {
  const detail = toSessionDetailResponse({
    sid: SIDS.sessionSid,
    status: 'Incident',
    duration: '60',
    reviewRequired: 'true',
    notes: 'Left the room twice',
  });

  expect(detail?.session).toMatchObject({
    status: 'Incident',
    duration: null,
    reviewRequired: null,
    notes: 'Left the room twice',
  });
  expect(detail?.otherFields).toEqual([
    { name: 'duration', value: '60' },
    { name: 'reviewRequired', value: 'true' },
  ]);
  // Without its sid or status it is not a session.
  expect(toSessionDetailResponse({ sid: SIDS.sessionSid, status: 7 })).toBeNull();
});

test('the ticket names the session’s own enrollment, and the link’s when they differ', () => {
  const detail = toSessionDetailResponse({
    sid: SIDS.sessionSid,
    status: 'Closed',
    enrollmentSid: `EN${'9'.repeat(32)}`,
  });
  if (detail === null) throw new Error('the session should read');

  const text = ticketText({ sids: SIDS, session: detail.session, detailUrl: 'https://x.test/d' });

  expect(text).toContain(`Enrollment sid: EN${'9'.repeat(32)}\n`);
  expect(text).toContain(`Enrollment sid in the link: ${SIDS.enrollmentSid} (not the session's)`);
});
