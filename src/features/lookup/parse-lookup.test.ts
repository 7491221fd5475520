import { expect, test } from 'vitest';
import { isSid } from '#src/api/contract/sids.ts';
import {
  EMPTY_FIELDS,
  isSidPrefix,
  lookupPath,
  parseLookupLink,
  sidProblem,
  SID_BODY_LENGTH,
} from '#src/features/lookup/parse-lookup.ts';

const AI = `AI${'0123456789abcdef'.repeat(2)}`;
const EN = 'EN00112233445566778899aabbccddeeff';
const EX = `EX${'fedcba9876543210'.repeat(2)}`;
const ES = `ES${'a'.repeat(32)}`;
const LIST = `/installs/${AI}/enrollments/${EN}/exams/${EX}/sessions`;
const DETAIL = `${LIST}/${ES}`;
const API_LIST = `https://api.smarterproctoring.com/v1/installs/${AI}/enrollments/${EN}/exams/${EX}/sessions`;
const API_DETAIL = `https://api.smarterproctoring.com/v1/installs/${AI}/exams/${EX}/sessions/${ES}`;

function read(text: string) {
  const result = parseLookupLink(text);
  if (!result.ok) throw new Error(`Expected a reading, got: ${result.problems.join(' ')}`);
  return result.value;
}

function problem(text: string): string | undefined {
  const result = parseLookupLink(text);
  if (result.ok) throw new Error(`Expected a problem, read ${JSON.stringify(result.value)}`);
  return result.problems[0];
}

test('the explanation agrees with the contract on what a sid is', () => {
  expect(isSid('exam', `EX${'a'.repeat(SID_BODY_LENGTH)}`)).toBe(true);
  expect(isSid('exam', `EX${'a'.repeat(SID_BODY_LENGTH - 1)}`)).toBe(false);
  expect(isSid('exam', `EX${'a'.repeat(SID_BODY_LENGTH + 1)}`)).toBe(false);
});

test('a good sid has no problem', () => {
  expect(sidProblem('installSid', AI)).toBeNull();
  expect(sidProblem('examSid', EX)).toBeNull();
  expect(sidProblem('sessionSid', ES)).toBeNull();
});

test('each bad sid is explained by what is wrong with it', () => {
  const rule = 'The exam sid must be EX followed by 32 lowercase hexadecimal characters (0-9, a-f)';
  expect(sidProblem('examSid', '')).toBe('Enter the exam sid.');
  expect(sidProblem('examSid', 'EX123')).toBe(`${rule}; this one has 3 after EX.`);
  expect(sidProblem('examSid', `${EX}0`)).toBe(`${rule}; this one has 33 after EX.`);
  expect(sidProblem('examSid', AI)).toBe(
    `${rule}; this one starts with "AI" (that is how a install sid starts).`,
  );
  expect(sidProblem('examSid', 'xx12')).toBe(`${rule}; this one starts with "xx".`);
  expect(sidProblem('examSid', `EX${'g'.repeat(32)}`)).toBe(`${rule}; it holds "g".`);
  expect(sidProblem('examSid', `EX${'A'.repeat(32)}`)).toBe(
    `${rule}; it holds "A" (write it in lowercase).`,
  );
  expect(sidProblem('enrollmentSid', 'EN12', "This link's")).toMatch(
    /^This link's enrollment sid must be EN followed by/,
  );
});

test('a value that can still become a sid is a valid prefix; one that cannot is not', () => {
  expect(isSidPrefix('examSid', '')).toBe(true);
  expect(isSidPrefix('examSid', 'E')).toBe(true);
  expect(isSidPrefix('examSid', 'EX12ab')).toBe(true);
  expect(isSidPrefix('examSid', EX)).toBe(true);
  expect(isSidPrefix('examSid', 'A')).toBe(false);
  expect(isSidPrefix('examSid', 'AI12')).toBe(false);
  expect(isSidPrefix('examSid', 'EX12G')).toBe(false);
  expect(isSidPrefix('examSid', `${EX}0`)).toBe(false);
});

test('three good sids open the list; a session sid opens its detail', () => {
  const fields = { ...EMPTY_FIELDS, installSid: AI, enrollmentSid: EN, examSid: EX };
  expect(lookupPath(fields)).toEqual({ ok: true, value: LIST });
  expect(lookupPath(fields, 'status=incident')).toEqual({
    ok: true,
    value: `${LIST}?status=incident`,
  });
  expect(lookupPath({ ...fields, sessionSid: ES })).toEqual({ ok: true, value: DETAIL });
  // A session keeps the list's "Times in" choice, nothing else of its view.
  expect(lookupPath({ ...fields, sessionSid: ES }, 'status=incident&tz=utc')).toEqual({
    ok: true,
    value: `${DETAIL}?tz=utc`,
  });
});

test('bad sids name each field, and an empty session sid is not a problem', () => {
  const result = lookupPath({ ...EMPTY_FIELDS, installSid: 'AI12', examSid: EX });
  expect(result).toEqual({
    ok: false,
    problems: [
      {
        installSid:
          'The install sid must be AI followed by 32 lowercase hexadecimal characters (0-9, a-f); this one has 2 after AI.',
        enrollmentSid: 'Enter the enrollment sid.',
      },
    ],
  });
});

test('a dashboard list link keeps its view in canonical form and drops what is not valid', () => {
  expect(
    read(`https://dashboard.example.edu${LIST}?sort=createdDate.asc&status=closed&status=incident`),
  ).toEqual({
    fields: { installSid: AI, enrollmentSid: EN, examSid: EX, sessionSid: '' },
    search: 'status=incident&status=closed&sort=createdDate.asc',
    notes: [],
  });
  const reading = read(`http://localhost:4173${LIST}/?status=incident&colour=blue&page=0`);
  expect(reading.search).toBe('status=incident');
  expect(reading.notes).toEqual([
    `Left out of the link's view: unknown "colour"; page "0" (use a whole number from 1).`,
  ]);
});

test('a dashboard path alone, or a session link, is read the same way', () => {
  expect(read(`  ${LIST}?limit=50  `).search).toBe('limit=50');
  expect(read(DETAIL).fields).toEqual({
    installSid: AI,
    enrollmentSid: EN,
    examSid: EX,
    sessionSid: ES,
  });
  expect(read(`https://x.test${DETAIL}/?tz=utc`).search).toBe('tz=utc');
});

test('an API list link maps its query onto the dashboard view', () => {
  // Without sortOrder the API answers oldest first (its default is ASC), and so does the view.
  expect(read(API_LIST)).toEqual({
    fields: { installSid: AI, enrollmentSid: EN, examSid: EX, sessionSid: '' },
    search: 'sort=createdDate.asc',
    notes: [],
  });
  expect(read(`${API_LIST}?sortOrder=DESC`).search).toBe('');
  expect(
    read(
      `${API_LIST}?offset=50&limit=50&sortKeys=createdDate&sortOrder=ASC&status=Incident&status=Needs%20Proctor&includeActive=true`,
    ).search,
  ).toBe(
    'status=needs-proctor&status=incident&sort=createdDate.asc&page=2&limit=50&includeActive=true',
  );
  // Our own /api mirror of it too.
  expect(read(`http://127.0.0.1:4173/api${new URL(API_LIST).pathname}?status=Closed`).search).toBe(
    'status=closed&sort=createdDate.asc',
  );
});

test('an API query the dashboard cannot show is left out, and the link says why', () => {
  const odd = read(`${API_LIST}?limit=7&offset=14&sortOrder=DESC`);
  expect(odd.search).toBe('');
  expect(odd.notes).toEqual([
    'Left out of the link\'s query: limit "7" (the dashboard shows 10, 25, 50, or 100 rows per page).',
  ]);
  const bad = read(`${API_LIST}?status=Lost&status=Closed&sortOrder=DESC`);
  expect(bad.search).toBe('status=closed');
  expect(bad.notes).toEqual(['Left out of the link\'s query: status "Lost".']);
});

test('an API session link has no enrollment: its fields are filled and the form asks for it', () => {
  const reading = read(API_DETAIL);
  expect(reading.fields).toEqual({
    installSid: AI,
    enrollmentSid: '',
    examSid: EX,
    sessionSid: ES,
  });
  expect(reading.notes).toEqual([
    "The API's link to a session has no enrollment sid: enter it to open the session (it is in the learner's sessions link).",
  ]);
});

test('encoded characters in a link are decoded before the sids are checked', () => {
  const encoded = LIST.replace(AI, `%41I${AI.slice(2)}`);
  expect(read(`https://x.test${encoded}`).fields.installSid).toBe(AI);
  expect(problem(`https://x.test${LIST.replace(EN, 'EN%2012')}`)).toBe(
    'This link\'s enrollment sid must be EN followed by 32 lowercase hexadecimal characters (0-9, a-f); it holds " ".',
  );
});

test('a link with a bad sid names it', () => {
  expect(problem(`${API_LIST.replace(EX, 'EX1234')}?status=Incident`)).toBe(
    "This link's exam sid must be EX followed by 32 lowercase hexadecimal characters (0-9, a-f); this one has 4 after EX.",
  );
});

test('a link to another endpoint or page says where it points', () => {
  expect(problem(`https://api.smarterproctoring.com/v1/installs/${AI}/settings`)).toBe(
    "This link is not a sessions list or a session; it points to /v1/installs/AI0123…/settings. Paste the link of a learner's sessions for an exam, or of one session.",
  );
  expect(problem(`${API_DETAIL}/events`)).toMatch(
    'it points to /v1/installs/AI0123…/exams/EXfedc…/sessions/ESaaaa…/events.',
  );
  expect(problem('https://example.com/')).toMatch(/it points to \/\./);
});

test('text that is not a link says so', () => {
  expect(problem('')).toBe('Paste a link first.');
  expect(problem('not a link')).toBe(
    '"not a link" is not a link: paste an address that starts with https:// (or a path that starts with /).',
  );
  expect(problem(`ftp://x.test${LIST}`)).toMatch(/is not a link/);
  expect(problem('https://')).toMatch(/is not a link/);
});
