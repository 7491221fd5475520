import { expect, test } from 'vitest';
import { parseRecordPageQuery, toTimelineEntry } from '#src/api/contract/session-records.ts';

const PROCTOR_SID = `US${'b2'.repeat(16)}`;

test('an annotation’s author and an event’s severity are lifted out of the raw fields', () => {
  expect(
    toTimelineEntry(
      {
        sid: 'AN1',
        createdDate: '2026-11-15T01:10:00.000Z',
        annotationType: 'Note',
        text: 'Audio quality poor.',
        author: { userSid: PROCTOR_SID, name: 'Jordan Blake', role: 'proctor' },
        severity: 'high',
      },
      0,
    ),
  ).toEqual({
    key: 'AN1',
    time: '2026-11-15T01:10:00.000Z',
    title: 'Note',
    description: 'Audio quality poor.',
    severity: 'high',
    author: { name: 'Jordan Blake', sid: PROCTOR_SID },
    fields: [{ name: 'author.role', value: 'proctor' }],
  });
});

test('the fields are undocumented, so other names for author and severity are read too', () => {
  const entry = toTimelineEntry({ createdByName: 'Aisha Karimi', level: 'Medium' }, 3);

  expect(entry).toMatchObject({
    key: '3',
    severity: 'Medium',
    author: { name: 'Aisha Karimi', sid: null },
    fields: [],
  });
  expect(toTimelineEntry({ type: 'Looking away' }, 0)).toMatchObject({
    severity: null,
    author: null,
  });
});

test('record pages are asked newest first unless told otherwise', () => {
  expect(parseRecordPageQuery(new URLSearchParams(''))).toEqual({
    ok: true,
    value: { offset: 0, limit: 20, sortOrder: 'DESC' },
  });
  expect(parseRecordPageQuery(new URLSearchParams('sortOrder=ASC&limit=5'))).toEqual({
    ok: true,
    value: { offset: 0, limit: 5, sortOrder: 'ASC' },
  });
  expect(parseRecordPageQuery(new URLSearchParams('sortOrder=newest'))).toEqual({
    ok: false,
    problems: ['"sortOrder" must be ASC or DESC (got "newest").'],
  });
});
