import { expect, test } from 'vitest';
import { parseDetailRouteSids } from '#src/features/session-detail/detail-sids.ts';
import { withheldNote } from '#src/features/session-detail/session-fields.ts';
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
