import { expect, test } from 'vitest';
import {
  csvField,
  exportFileName,
  fileNamePart,
  isoUtc,
  neutraliseFormula,
  sessionsCsv,
  toCsv,
  zonedDateTime,
  type ExportSubject,
} from '#src/features/export/csv.ts';
import { FILTERABLE_STATUSES } from '#src/api/contract/session-status.ts';
import { DEFAULT_LIST_SEARCH } from '#src/lib/list-search.ts';
import { EXAM_NAMES } from '#src/testing/detail-fixtures.ts';
import { SIDS } from '#src/testing/session-fixtures.ts';

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

test('dates in a zone read as yyyy-mm-dd hh:mm:ss, across both DST changes', () => {
  const chicago = (iso: string) => zonedDateTime(iso, 'America/Chicago');
  expect(chicago('2026-12-25T04:47:54.000Z')).toBe('2026-12-24 22:47:54');
  // 8 March 2026: 01:59:59 CST is followed by 03:00:00 CDT.
  expect(chicago('2026-03-08T07:59:59Z')).toBe('2026-03-08 01:59:59');
  expect(chicago('2026-03-08T08:00:00Z')).toBe('2026-03-08 03:00:00');
  // 1 November 2026: 01:30 comes twice; only the UTC column tells them apart.
  expect(chicago('2026-11-01T06:30:00Z')).toBe('2026-11-01 01:30:00');
  expect(chicago('2026-11-01T07:30:00Z')).toBe('2026-11-01 01:30:00');
  expect(zonedDateTime('2026-12-31T23:30:00Z', 'Asia/Kolkata')).toBe('2027-01-01 05:00:00');
  expect(zonedDateTime('2026-06-01T00:00:00Z', 'UTC')).toBe('2026-06-01 00:00:00');
  expect(zonedDateTime(null, 'UTC')).toBe('');
  expect(zonedDateTime('soon', 'UTC')).toBe('soon');
});

const NAMED: ExportSubject = {
  sids: SIDS,
  timeZone: 'America/Chicago',
  names: {
    learner: 'Zoë Ångström',
    learnerEmail: 'zoe@example.edu',
    install: 'Northfield University',
    exam: EXAM_NAMES,
  },
};

const ROW = {
  sid: 'ES01',
  status: 'Incident',
  sessionType: null,
  appointmentDate: '2026-12-25T04:47:54.000Z',
  createdDate: '2026-11-01T08:00:00.000Z',
  editDate: '2026-11-02T08:00:00Z',
};

test('each date is in the view’s zone, named in its header, beside the UTC instant', () => {
  const [header, row] = sessionsCsv([ROW], NAMED).split('\r\n');
  expect(header).toBe(
    'Session,Status,Type,' +
      'Appointment (America/Chicago),Appointment (UTC ISO 8601),' +
      'Created (America/Chicago),Created (UTC ISO 8601),' +
      'Last edited (America/Chicago),Last edited (UTC ISO 8601),' +
      'Learner,Learner email,Install,Exam,Course,Install sid,Enrollment sid,Exam sid',
  );
  expect(row).toBe(
    'ES01,Incident,,' +
      '2026-12-24 22:47:54,2026-12-25T04:47:54.000Z,' +
      '2026-11-01 02:00:00,2026-11-01T08:00:00.000Z,' +
      '2026-11-02 02:00:00,2026-11-02T08:00:00.000Z,' +
      'Zoë Ångström,zoe@example.edu,Northfield University,Chemistry Final Exam,' +
      `General Chemistry II (CHEM 201),${SIDS.installSid},${SIDS.enrollmentSid},${SIDS.examSid}`,
  );
});

test('unknown names leave their cells empty; the sids still say whose rows they are', () => {
  const [, row] = sessionsCsv([ROW], { ...NAMED, timeZone: 'UTC', names: {} }).split('\r\n');
  expect(row).toBe(
    'ES01,Incident,,' +
      '2026-12-25 04:47:54,2026-12-25T04:47:54.000Z,' +
      '2026-11-01 08:00:00,2026-11-01T08:00:00.000Z,' +
      '2026-11-02 08:00:00,2026-11-02T08:00:00.000Z,' +
      `,,,,,${SIDS.installSid},${SIDS.enrollmentSid},${SIDS.examSid}`,
  );
});

test('a name that looks like a formula is text, like every other cell', () => {
  const names = { learner: '=HYPERLINK("http://x","y")', install: '+1 Academy', exam: EXAM_NAMES };
  const [, row] = sessionsCsv([ROW], { ...NAMED, names }).split('\r\n');
  expect(row).toContain(',"\'=HYPERLINK(""http://x"",""y"")",,\'+1 Academy,');
});

test('the course is its name and code, or whichever is known', () => {
  const course = (courseName: string | null, courseCode: string | null) =>
    sessionsCsv([ROW], {
      ...NAMED,
      names: { exam: { examTitle: null, courseName, courseCode } },
    })
      .split('\r\n')[1]
      ?.split(',')[13];
  expect(course('General Chemistry II', null)).toBe('General Chemistry II');
  expect(course(null, 'CHEM 201')).toBe('CHEM 201');
  expect(course(null, null)).toBe('');
});

const DAY = new Date(Date.UTC(2026, 11, 6, 15, 30));

test('the file is named after the exam, the learner, the filter and the day', () => {
  const view = { ...DEFAULT_LIST_SEARCH, statuses: ['Incident' as const] };
  expect(exportFileName(NAMED, view, DAY)).toBe(
    'Chemistry Final Exam - Zoë Ångström - incident - 2026-12-06.csv',
  );
  expect(
    exportFileName(
      NAMED,
      { ...DEFAULT_LIST_SEARCH, statuses: ['Pending Approval', 'Closed'], includeActive: true },
      DAY,
    ),
  ).toBe(
    'Chemistry Final Exam - Zoë Ångström - pending-approval+closed+in-progress - 2026-12-06.csv',
  );
});

test('no status filter is "all"; the day is the one in the view’s zone', () => {
  const lateInTokyo = new Date(Date.UTC(2026, 11, 6, 20, 0));
  expect(
    exportFileName({ ...NAMED, timeZone: 'Asia/Tokyo' }, DEFAULT_LIST_SEARCH, lateInTokyo),
  ).toBe('Chemistry Final Exam - Zoë Ångström - all - 2026-12-07.csv');
});

test('without names the file is named by the exam and enrollment sids', () => {
  expect(exportFileName({ ...NAMED, names: {} }, DEFAULT_LIST_SEARCH, DAY)).toBe(
    `${SIDS.examSid} - ${SIDS.enrollmentSid} - all - 2026-12-06.csv`,
  );
});

test('a name becomes characters every OS takes in a file name', () => {
  expect(fileNamePart('Chem 101: Final / Part "A" <b>|?*\\', 'EX1')).toBe(
    'Chem 101_ Final _ Part _A_ _b_____',
  );
  // Direction marks could show "exe.csv" as "vsc.exe"; controls and runs of space become one.
  expect(fileNamePart('Final\u202Eexe.\u200Bcsv', 'EX1')).toBe('Finalexe.csv');
  expect(fileNamePart(' Tab\there\nand  there ', 'EX1')).toBe('Tab here and there');
  // A leading dot would hide the file on macOS and Linux; Windows drops trailing dots.
  expect(fileNamePart('..hidden exam...', 'EX1')).toBe('hidden exam');
  // Decomposed accents are composed, so the name looks and sorts the same everywhere.
  expect(fileNamePart('Zoe\u0308', 'EX1')).toBe('Zoë');
});

test('a name with nothing usable falls back to the sid', () => {
  expect(fileNamePart('', 'EX1')).toBe('EX1');
  expect(fileNamePart(' . \u200B ', 'EX1')).toBe('EX1');
});

test('a long name is cut to 60 bytes of UTF-8, never inside a character', () => {
  const latin = fileNamePart('x'.repeat(100), 'EX1');
  expect(latin).toBe('x'.repeat(60));
  const kanji = fileNamePart('試験'.repeat(40), 'EX1');
  expect(kanji).toBe('試験'.repeat(10));
  const emoji = fileNamePart('🎓'.repeat(20), 'EX1');
  expect(emoji).toBe('🎓'.repeat(15));
  const widest = exportFileName(
    {
      ...NAMED,
      names: { learner: '試'.repeat(100), exam: { ...EXAM_NAMES, examTitle: '験'.repeat(100) } },
    },
    {
      statuses: [...FILTERABLE_STATUSES],
      includeActive: true,
    },
    DAY,
  );
  expect(new TextEncoder().encode(widest).length).toBeLessThanOrEqual(255);
});
