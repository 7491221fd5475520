import { expect, test } from 'vitest';
import { sessionListEndpoint, type SessionListSids } from '#src/api/contract/session-list.ts';

const parseSessionListSids = sessionListEndpoint.parseSids;
import { isSid, type SidKind } from '#src/api/contract/sids.ts';

const HEX32 = '0123456789abcdef0123456789abcdef';
const INSTALL = `AI${HEX32}`;
const ENROLLMENT = `EN${'a'.repeat(32)}`;
const EXAM = `EX${'0'.repeat(32)}`;

const KINDS: Array<[SidKind, string]> = [
  ['install', 'AI'],
  ['enrollment', 'EN'],
  ['exam', 'EX'],
  ['session', 'ES'],
  ['user', 'US'],
];

function sidProblems(sids: Partial<Record<keyof SessionListSids, string>>) {
  const parsed = parseSessionListSids(sids);
  return parsed.ok ? [] : parsed.problems;
}

test('each sid kind accepts its prefix followed by 32 lowercase hex characters', () => {
  for (const [kind, prefix] of KINDS) {
    expect(isSid(kind, `${prefix}${HEX32}`)).toBe(true);
    expect(isSid(kind, `${prefix}${'a'.repeat(32)}`)).toBe(true);
    expect(isSid(kind, `${prefix}${'9'.repeat(32)}`)).toBe(true);
  }
});

test('a sid with uppercase hex is rejected', () => {
  for (const [kind, prefix] of KINDS) {
    expect(isSid(kind, `${prefix}${HEX32.toUpperCase()}`)).toBe(false);
    expect(isSid(kind, `${prefix}A${HEX32.slice(1)}`)).toBe(false);
  }
});

test('a sid with another kind’s prefix or a lowercase prefix is rejected', () => {
  for (const [kind, prefix] of KINDS) {
    for (const [, otherPrefix] of KINDS) {
      expect(isSid(kind, `${otherPrefix}${HEX32}`)).toBe(otherPrefix === prefix);
    }
    expect(isSid(kind, `${prefix.toLowerCase()}${HEX32}`)).toBe(false);
    expect(isSid(kind, `XX${HEX32}`)).toBe(false);
    expect(isSid(kind, HEX32)).toBe(false);
  }
});

test('a sid with 31 or 33 hex characters is rejected', () => {
  for (const [kind, prefix] of KINDS) {
    expect(isSid(kind, `${prefix}${HEX32.slice(1)}`)).toBe(false);
    expect(isSid(kind, `${prefix}${HEX32}0`)).toBe(false);
    expect(isSid(kind, prefix)).toBe(false);
    expect(isSid(kind, '')).toBe(false);
  }
});

test('a sid with a non-hex letter such as "g" is rejected', () => {
  for (const [kind, prefix] of KINDS) {
    expect(isSid(kind, `${prefix}g${HEX32.slice(1)}`)).toBe(false);
    expect(isSid(kind, `${prefix}${HEX32.slice(0, 31)}z`)).toBe(false);
    expect(isSid(kind, `${prefix}${HEX32.slice(0, 31)}-`)).toBe(false);
  }
});

test('a sid with surrounding whitespace is rejected', () => {
  for (const [kind, prefix] of KINDS) {
    const sid = `${prefix}${HEX32}`;
    expect(isSid(kind, ` ${sid}`)).toBe(false);
    expect(isSid(kind, `${sid} `)).toBe(false);
    expect(isSid(kind, `${sid}\n`)).toBe(false);
    expect(isSid(kind, `\t${sid}`)).toBe(false);
  }
});

test('three valid sids parse with no problem', () => {
  expect(sidProblems({ installSid: INSTALL, enrollmentSid: ENROLLMENT, examSid: EXAM })).toEqual(
    [],
  );
});

test('a malformed sid is named exactly, with what a valid one looks like', () => {
  const badEnrollment = `EN${HEX32.toUpperCase()}`;
  expect(sidProblems({ installSid: INSTALL, enrollmentSid: badEnrollment, examSid: EXAM })).toEqual(
    [
      {
        kind: 'enrollment',
        param: 'enrollmentSid',
        value: badEnrollment,
        message:
          'The enrollment sid must be EN followed by 32 lowercase hexadecimal characters (0-9, a-f).',
      },
    ],
  );
});

test('every malformed sid is named, in path order', () => {
  const problems = sidProblems({
    installSid: `AI${HEX32.slice(1)}`,
    enrollmentSid: ENROLLMENT,
    examSid: ` ${EXAM}`,
  });
  expect(problems).toEqual([
    {
      kind: 'install',
      param: 'installSid',
      value: `AI${HEX32.slice(1)}`,
      message:
        'The install sid must be AI followed by 32 lowercase hexadecimal characters (0-9, a-f).',
    },
    {
      kind: 'exam',
      param: 'examSid',
      value: ` ${EXAM}`,
      message:
        'The exam sid must be EX followed by 32 lowercase hexadecimal characters (0-9, a-f).',
    },
  ]);
});

test('sids swapped between positions are each malformed', () => {
  const problems = sidProblems({
    installSid: EXAM,
    enrollmentSid: INSTALL,
    examSid: ENROLLMENT,
  });
  expect(problems.map((problem) => problem.param)).toEqual([
    'installSid',
    'enrollmentSid',
    'examSid',
  ]);
});

test('parseSessionListSids names a missing sid with an empty value', () => {
  expect(sidProblems({ installSid: INSTALL, examSid: EXAM })).toEqual([
    {
      kind: 'enrollment',
      param: 'enrollmentSid',
      value: '',
      message:
        'The enrollment sid must be EN followed by 32 lowercase hexadecimal characters (0-9, a-f).',
    },
  ]);
});

test('parseSessionListSids returns exactly the three sids, dropping other params', () => {
  const sids = { installSid: INSTALL, enrollmentSid: ENROLLMENT, examSid: EXAM };
  expect(parseSessionListSids({ ...sids, sessionSid: 'whatever' })).toEqual({
    ok: true,
    value: sids,
  });
});
