import { expect, test } from 'vitest';
import {
  csvField,
  exportFileName,
  isoUtc,
  neutraliseFormula,
  SESSION_CSV_HEADER,
  sessionsCsv,
  toCsv,
} from '#src/features/export/csv.ts';
import { DEFAULT_LIST_SEARCH } from '#src/lib/list-search.ts';

test('a plain field is written as it is', () => {
  expect(csvField('ES00ff')).toBe('ES00ff');
  expect(csvField('')).toBe('');
});

test('a field with a comma, a quote, CR or LF is quoted, its quotes doubled', () => {
  expect(csvField('a,b')).toBe('"a,b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('line\nbreak')).toBe('"line\nbreak"');
  expect(csvField('line\r\nbreak')).toBe('"line\r\nbreak"');
  expect(csvField('"')).toBe('""""');
});

test.each(['=', '+', '-', '@', '\t', '\r'])(
  'a cell starting with %j is neutralised with a leading quote',
  (prefix) => {
    expect(neutraliseFormula(`${prefix}1+1`)).toBe(`'${prefix}1+1`);
  },
);

test('the classic payloads are text, and still quoted where RFC 4180 asks', () => {
  expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  expect(csvField('-2+3')).toBe("'-2+3");
  expect(csvField('\r=cmd')).toBe('"\'\r=cmd"');
  // A formula character anywhere but first is harmless and left alone.
  expect(csvField('a=b')).toBe('a=b');
});

test('unicode passes through untouched', () => {
  expect(csvField('Zoë Ångström 試験 🎓')).toBe('Zoë Ångström 試験 🎓');
  expect(toCsv([['é', 'ü,ß']])).toBe('é,"ü,ß"\r\n');
});

test('every line, the last too, ends with CRLF', () => {
  expect(
    toCsv([
      ['a', 'b'],
      ['c', 'd'],
    ]),
  ).toBe('a,b\r\nc,d\r\n');
});

test('dates become ISO 8601 in UTC; no date is an empty cell; a non-date is kept', () => {
  expect(isoUtc('2026-11-27T10:15:00+01:00')).toBe('2026-11-27T09:15:00.000Z');
  expect(isoUtc(null)).toBe('');
  expect(isoUtc('soon')).toBe('soon');
});

test('the sessions file has a header row and the columns the list shows', () => {
  const csv = sessionsCsv([
    {
      sid: 'ES01',
      status: 'Incident',
      sessionType: null,
      appointmentDate: null,
      createdDate: '2026-11-01T08:00:00.000Z',
      editDate: '2026-11-02T08:00:00Z',
    },
  ]);
  expect(SESSION_CSV_HEADER).toEqual([
    'Session',
    'Status',
    'Type',
    'Appointment (UTC)',
    'Created (UTC)',
    'Last edited (UTC)',
  ]);
  expect(csv).toBe(
    'Session,Status,Type,Appointment (UTC),Created (UTC),Last edited (UTC)\r\n' +
      'ES01,Incident,,,2026-11-01T08:00:00.000Z,2026-11-02T08:00:00.000Z\r\n',
  );
});

const EXAM = { examSid: 'EXfedcba9876543210fedcba9876543210' };
const DAY = new Date(2026, 10, 27, 15, 30);

test('the file name is the exam, the status slugs and the date', () => {
  const view = { ...DEFAULT_LIST_SEARCH, statuses: ['Pending Approval', 'Incident'] as const };
  expect(exportFileName(EXAM, { ...view, statuses: [...view.statuses] }, DAY)).toBe(
    'EXfedcba9876543210fedcba9876543210-pending-approval-incident-2026-11-27.csv',
  );
});

test('no status filter is "all"; included in-progress sessions are named', () => {
  expect(exportFileName(EXAM, DEFAULT_LIST_SEARCH, DAY)).toBe(
    'EXfedcba9876543210fedcba9876543210-all-2026-11-27.csv',
  );
  expect(exportFileName(EXAM, { ...DEFAULT_LIST_SEARCH, includeActive: true }, DAY)).toBe(
    'EXfedcba9876543210fedcba9876543210-all-in-progress-2026-11-27.csv',
  );
});

test('the file name holds safe characters only', () => {
  expect(exportFileName({ examSid: 'EX../a b:"c' }, DEFAULT_LIST_SEARCH, DAY)).toBe(
    'EX.._a_b__c-all-2026-11-27.csv',
  );
});
