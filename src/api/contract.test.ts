import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  DOCUMENTED_LIST_QUERY_RULES,
  parseSessionListRequest,
  DEFAULT_LIST_QUERY,
  FILTERABLE_STATUSES,
  SID_PATTERNS,
  apiErrorBodySchema,
  describeSidFormat,
  findSidProblems,
  isFilterableStatus,
  isSid,
  parseSessionListQuery,
  sessionListPath,
  sessionListResponseSchema,
  sessionRowSchema,
  toSessionListSearchParams,
  upstreamSessionListSchema,
  type SessionListQuery,
  type SidKind,
} from '#src/api/contract.ts';

const HEX32 = '0123456789abcdef0123456789abcdef';
const INSTALL = `AI${HEX32}`;
const ENROLLMENT = `EN${'a'.repeat(32)}`;
const EXAM = `EX${'0'.repeat(32)}`;
const SESSION = `ES${'f'.repeat(32)}`;

const KINDS: Array<[SidKind, string]> = [
  ['install', 'AI'],
  ['enrollment', 'EN'],
  ['exam', 'EX'],
  ['session', 'ES'],
];

const STATUS_CHOICES =
  'Needs Proctor, Pending Approval, Approval Denied, Scheduled, Incident, Closed, Processing';

function params(query: string): URLSearchParams {
  return new URLSearchParams(query);
}

// ---------------------------------------------------------------------------
// Sids
// ---------------------------------------------------------------------------

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

test('SID_PATTERNS agree with isSid on a valid sid of every kind', () => {
  expect(SID_PATTERNS.install.test(INSTALL)).toBe(true);
  expect(SID_PATTERNS.enrollment.test(ENROLLMENT)).toBe(true);
  expect(SID_PATTERNS.exam.test(EXAM)).toBe(true);
  expect(SID_PATTERNS.session.test(SESSION)).toBe(true);
  expect(SID_PATTERNS.session.test(EXAM)).toBe(false);
});

test('describeSidFormat says what a valid sid looks like', () => {
  expect(describeSidFormat('install')).toBe(
    'AI followed by 32 lowercase hexadecimal characters (0-9, a-f)',
  );
  expect(describeSidFormat('session')).toBe(
    'ES followed by 32 lowercase hexadecimal characters (0-9, a-f)',
  );
});

test('parseSessionListRequest names a bad sid and a bad query value together', () => {
  const result = parseSessionListRequest(
    { installSid: INSTALL, enrollmentSid: ENROLLMENT, examSid: 'EX123' },
    new URLSearchParams('limit=0'),
  );
  expect(result).toEqual({
    ok: false,
    problems: [
      'The exam sid must be EX followed by 32 lowercase hexadecimal characters (0-9, a-f).',
      '"limit" must be a whole number from 1 to 100 (got "0").',
    ],
  });
});

test('parseSessionListRequest returns the sids and the parsed query of a valid request', () => {
  const sids = { installSid: INSTALL, enrollmentSid: ENROLLMENT, examSid: EXAM };
  expect(parseSessionListRequest(sids, new URLSearchParams('offset=50&limit=25'))).toEqual({
    ok: true,
    value: { sids, query: { ...DEFAULT_LIST_QUERY, offset: 50, limit: 25 } },
  });
});

test('the documented rules accept any limit of 0 or more, where ours stop at 100', () => {
  const params = new URLSearchParams('limit=500');
  expect(parseSessionListQuery(params).ok).toBe(false);
  expect(parseSessionListQuery(params, DOCUMENTED_LIST_QUERY_RULES)).toEqual({
    ok: true,
    value: { ...DEFAULT_LIST_QUERY, limit: 500 },
  });
  expect(
    parseSessionListQuery(new URLSearchParams('limit=0'), DOCUMENTED_LIST_QUERY_RULES).ok,
  ).toBe(true);
  expect(
    parseSessionListQuery(new URLSearchParams('limit=-1'), DOCUMENTED_LIST_QUERY_RULES),
  ).toEqual({ ok: false, problems: ['"limit" must be a whole number of 0 or more (got "-1").'] });
});

test('findSidProblems returns nothing when all three sids are valid', () => {
  expect(
    findSidProblems({ installSid: INSTALL, enrollmentSid: ENROLLMENT, examSid: EXAM }),
  ).toEqual([]);
});

test('findSidProblems names exactly the malformed sid and says what a valid one looks like', () => {
  const badEnrollment = `EN${HEX32.toUpperCase()}`;
  expect(
    findSidProblems({ installSid: INSTALL, enrollmentSid: badEnrollment, examSid: EXAM }),
  ).toEqual([
    {
      kind: 'enrollment',
      param: 'enrollmentSid',
      value: badEnrollment,
      message:
        'The enrollment sid must be EN followed by 32 lowercase hexadecimal characters (0-9, a-f).',
    },
  ]);
});

test('findSidProblems names every malformed sid, in path order', () => {
  const problems = findSidProblems({
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

test('findSidProblems treats sids swapped between positions as malformed', () => {
  const problems = findSidProblems({
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

test('sessionListPath puts the three sids into the upstream path', () => {
  expect(sessionListPath({ installSid: INSTALL, enrollmentSid: ENROLLMENT, examSid: EXAM })).toBe(
    `/v1/installs/${INSTALL}/enrollments/${ENROLLMENT}/exams/${EXAM}/sessions`,
  );
});

// ---------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------

test('the filterable statuses are the seven the API documents, in API order', () => {
  expect(FILTERABLE_STATUSES).toEqual([
    'Needs Proctor',
    'Pending Approval',
    'Approval Denied',
    'Scheduled',
    'Incident',
    'Closed',
    'Processing',
  ]);
});

test('Cancelled and In Progress are not filterable statuses', () => {
  expect(isFilterableStatus('Cancelled')).toBe(false);
  expect(isFilterableStatus('In Progress')).toBe(false);
  expect(isFilterableStatus('incident')).toBe(false);
  expect(isFilterableStatus('Incident')).toBe(true);
});

// ---------------------------------------------------------------------------
// List query
// ---------------------------------------------------------------------------

test('an empty query parses to the defaults', () => {
  expect(parseSessionListQuery(params(''))).toEqual({
    ok: true,
    value: { offset: 0, limit: 25, sortOrder: 'DESC', statuses: [], includeActive: false },
  });
  expect(DEFAULT_LIST_QUERY).toEqual({
    offset: 0,
    limit: 25,
    sortOrder: 'DESC',
    statuses: [],
    includeActive: false,
  });
});

test('a fully specified valid query parses to exactly what it says', () => {
  const result = parseSessionListQuery(
    params(
      'offset=50&limit=100&sortKeys=createdDate&sortOrder=ASC&status=Incident&status=Needs+Proctor&includeActive=true',
    ),
  );
  expect(result).toEqual({
    ok: true,
    value: {
      offset: 50,
      limit: 100,
      sortOrder: 'ASC',
      statuses: ['Needs Proctor', 'Incident'],
      includeActive: true,
    },
  });
});

test('limit 1 and limit 100 are the inclusive bounds', () => {
  expect(parseSessionListQuery(params('limit=1'))).toMatchObject({ ok: true, value: { limit: 1 } });
  expect(parseSessionListQuery(params('limit=100'))).toMatchObject({
    ok: true,
    value: { limit: 100 },
  });
});

test('includeActive=false and sortOrder=DESC are accepted explicitly', () => {
  expect(parseSessionListQuery(params('includeActive=false&sortOrder=DESC'))).toEqual({
    ok: true,
    value: { ...DEFAULT_LIST_QUERY, includeActive: false, sortOrder: 'DESC' },
  });
});

test('an unknown key is refused by name', () => {
  expect(parseSessionListQuery(params('page=2'))).toEqual({
    ok: false,
    problems: ['"page" is not a query parameter of this list.'],
  });
});

test('an unknown key given twice is named once', () => {
  expect(parseSessionListQuery(params('foo=1&foo=2'))).toEqual({
    ok: false,
    problems: ['"foo" is not a query parameter of this list.'],
  });
});

test('limit 0, 101, "abc", "1.5" and empty are refused with the allowed range', () => {
  for (const limit of ['0', '101', 'abc', '1.5', '', '-1', '010', '1e1']) {
    expect(parseSessionListQuery(params(`limit=${limit}`))).toEqual({
      ok: false,
      problems: [`"limit" must be a whole number from 1 to 100 (got "${limit}").`],
    });
  }
});

test('a negative, fractional or unsafe offset is refused', () => {
  for (const offset of ['-1', '1.5', 'abc', '', '01', '9007199254740993']) {
    expect(parseSessionListQuery(params(`offset=${offset}`))).toEqual({
      ok: false,
      problems: [`"offset" must be a whole number of 0 or more (got "${offset}").`],
    });
  }
});

test('sortOrder other than ASC or DESC is refused', () => {
  for (const sortOrder of ['up', 'asc', 'Desc', '']) {
    expect(parseSessionListQuery(params(`sortOrder=${sortOrder}`))).toEqual({
      ok: false,
      problems: [`"sortOrder" must be ASC or DESC (got "${sortOrder}").`],
    });
  }
});

test('sortKeys other than createdDate is refused', () => {
  expect(parseSessionListQuery(params('sortKeys=editDate'))).toEqual({
    ok: false,
    problems: ['"sortKeys" can only be "createdDate" (got "editDate").'],
  });
  expect(parseSessionListQuery(params('sortKeys=createdDate&sortKeys=status'))).toEqual({
    ok: false,
    problems: ['"sortKeys" can only be "createdDate" (got "status").'],
  });
});

test('a status outside the seven is refused; Cancelled is not filterable', () => {
  for (const status of ['Cancelled', 'In Progress', 'incident', 'INCIDENT', '']) {
    expect(parseSessionListQuery(params(`status=${encodeURIComponent(status)}`))).toEqual({
      ok: false,
      problems: [`"status" must be one of ${STATUS_CHOICES} (got "${status}").`],
    });
  }
});

test('includeActive other than true or false is refused', () => {
  for (const includeActive of ['yes', 'TRUE', '1', '']) {
    expect(parseSessionListQuery(params(`includeActive=${includeActive}`))).toEqual({
      ok: false,
      problems: [`"includeActive" must be true or false (got "${includeActive}").`],
    });
  }
});

test('a single-valued key given twice is refused even when both values are valid', () => {
  expect(parseSessionListQuery(params('offset=0&offset=25'))).toEqual({
    ok: false,
    problems: ['"offset" was given 2 times; give it once.'],
  });
  expect(parseSessionListQuery(params('limit=10&limit=10&limit=10'))).toEqual({
    ok: false,
    problems: ['"limit" was given 3 times; give it once.'],
  });
  expect(parseSessionListQuery(params('sortOrder=ASC&sortOrder=DESC'))).toEqual({
    ok: false,
    problems: ['"sortOrder" was given 2 times; give it once.'],
  });
  expect(parseSessionListQuery(params('includeActive=true&includeActive=true'))).toEqual({
    ok: false,
    problems: ['"includeActive" was given 2 times; give it once.'],
  });
});

test('several problems are collected at once, each named', () => {
  const result = parseSessionListQuery(
    params(
      'bogus=1&offset=-1&limit=101&sortKeys=sid&sortOrder=up&status=Cancelled&status=Incident&includeActive=yes',
    ),
  );
  expect(result).toEqual({
    ok: false,
    problems: [
      '"bogus" is not a query parameter of this list.',
      '"offset" must be a whole number of 0 or more (got "-1").',
      '"limit" must be a whole number from 1 to 100 (got "101").',
      '"sortKeys" can only be "createdDate" (got "sid").',
      '"sortOrder" must be ASC or DESC (got "up").',
      `"status" must be one of ${STATUS_CHOICES} (got "Cancelled").`,
      '"includeActive" must be true or false (got "yes").',
    ],
  });
});

test('statuses come back in canonical order without duplicates', () => {
  const result = parseSessionListQuery(
    params(
      'status=Processing&status=Incident&status=Needs+Proctor&status=Incident&status=Approval+Denied',
    ),
  );
  expect(result).toEqual({
    ok: true,
    value: {
      ...DEFAULT_LIST_QUERY,
      statuses: ['Needs Proctor', 'Approval Denied', 'Incident', 'Processing'],
    },
  });
});

test('toSessionListSearchParams writes every parameter, even defaults', () => {
  expect(toSessionListSearchParams(DEFAULT_LIST_QUERY).toString()).toBe(
    'offset=0&limit=25&sortKeys=createdDate&sortOrder=DESC&includeActive=false',
  );
});

test('toSessionListSearchParams writes statuses as repeated status keys', () => {
  const query: SessionListQuery = {
    offset: 50,
    limit: 25,
    sortOrder: 'ASC',
    statuses: ['Pending Approval', 'Incident'],
    includeActive: true,
  };
  expect(toSessionListSearchParams(query).toString()).toBe(
    'offset=50&limit=25&sortKeys=createdDate&sortOrder=ASC&status=Pending+Approval&status=Incident&includeActive=true',
  );
});

const validQueryArb: fc.Arbitrary<SessionListQuery> = fc.record({
  offset: fc.maxSafeNat(),
  limit: fc.integer({ min: 1, max: 100 }),
  sortOrder: fc.constantFrom('ASC' as const, 'DESC' as const),
  statuses: fc
    .subarray([...FILTERABLE_STATUSES])
    .map((chosen) => FILTERABLE_STATUSES.filter((status) => chosen.includes(status))),
  includeActive: fc.boolean(),
});

test('any valid query round-trips through toSessionListSearchParams and parseSessionListQuery', () => {
  fc.assert(
    fc.property(validQueryArb, (query) => {
      const serialized = toSessionListSearchParams(query).toString();
      expect(parseSessionListQuery(new URLSearchParams(serialized))).toEqual({
        ok: true,
        value: query,
      });
    }),
    { numRuns: 500 },
  );
});

test('any valid query is serialized with offset, limit, sortKeys, sortOrder and includeActive once each', () => {
  fc.assert(
    fc.property(validQueryArb, (query) => {
      const written = toSessionListSearchParams(query);
      expect(written.getAll('offset')).toEqual([String(query.offset)]);
      expect(written.getAll('limit')).toEqual([String(query.limit)]);
      expect(written.getAll('sortKeys')).toEqual(['createdDate']);
      expect(written.getAll('sortOrder')).toEqual([query.sortOrder]);
      expect(written.getAll('includeActive')).toEqual([String(query.includeActive)]);
      expect(written.getAll('status')).toEqual(query.statuses);
      expect([...new Set(written.keys())]).toEqual(
        query.statuses.length > 0
          ? ['offset', 'limit', 'sortKeys', 'sortOrder', 'status', 'includeActive']
          : ['offset', 'limit', 'sortKeys', 'sortOrder', 'includeActive'],
      );
    }),
    { numRuns: 200 },
  );
});

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

const row = {
  sid: SESSION,
  status: 'Scheduled',
  sessionType: 'live',
  appointmentDate: '2025-03-01T15:00:00Z',
  createdDate: '2025-02-01T10:00:00Z',
  editDate: '2025-02-02T10:00:00Z',
};

test('sessionRowSchema accepts status strings outside the filterable seven', () => {
  for (const status of ['Cancelled', 'In Progress', 'Something New']) {
    expect(sessionRowSchema.parse({ ...row, status })).toStrictEqual({ ...row, status });
  }
});

test('sessionRowSchema accepts an unknown sessionType and a null appointmentDate', () => {
  const input = { ...row, sessionType: 'hologram', appointmentDate: null };
  expect(sessionRowSchema.parse(input)).toStrictEqual(input);
  expect(sessionRowSchema.parse({ ...row, sessionType: null }).sessionType).toBeNull();
});

test('sessionRowSchema drops unknown extra fields', () => {
  expect(sessionRowSchema.parse({ ...row, proctorNotes: 'secret', score: 99 })).toStrictEqual(row);
});

test('sessionRowSchema rejects a row without sid or with an empty sid', () => {
  const withoutSid: Record<string, unknown> = { ...row };
  delete withoutSid.sid;
  expect(sessionRowSchema.safeParse(withoutSid).success).toBe(false);
  expect(sessionRowSchema.safeParse({ ...row, sid: '' }).success).toBe(false);
  expect(sessionRowSchema.safeParse({ ...row, status: null }).success).toBe(false);
});

test('upstreamSessionListSchema accepts unknown statuses and sessionTypes verbatim', () => {
  const parsed = upstreamSessionListSchema.parse({
    total: 3,
    results: [
      { ...row, status: 'Cancelled' },
      { ...row, status: 'In Progress', sessionType: 'quantum' },
      { ...row, status: 'Something New', appointmentDate: null },
    ],
  });
  expect(parsed.results.map((r) => [r.status, r.sessionType, r.appointmentDate])).toEqual([
    ['Cancelled', 'live', '2025-03-01T15:00:00Z'],
    ['In Progress', 'quantum', '2025-03-01T15:00:00Z'],
    ['Something New', 'live', null],
  ]);
});

test('upstreamSessionListSchema reads missing links and missing optional row fields as null', () => {
  expect(
    upstreamSessionListSchema.parse({
      total: 1,
      results: [{ sid: SESSION, status: 'Closed' }],
    }),
  ).toStrictEqual({
    total: 1,
    first: null,
    next: null,
    prev: null,
    last: null,
    results: [
      {
        sid: SESSION,
        status: 'Closed',
        sessionType: null,
        appointmentDate: null,
        createdDate: null,
        editDate: null,
      },
    ],
  });
});

test('upstreamSessionListSchema keeps links, count and offset and drops unknown extra fields', () => {
  expect(
    upstreamSessionListSchema.parse({
      total: 30,
      count: 1,
      offset: 25,
      first: '/first',
      next: null,
      prev: '/prev',
      last: '/last',
      links: { self: '/x' },
      results: [{ ...row, extra: true }],
    }),
  ).toStrictEqual({
    total: 30,
    count: 1,
    offset: 25,
    first: '/first',
    next: null,
    prev: '/prev',
    last: '/last',
    results: [row],
  });
});

test('upstreamSessionListSchema rejects a non-array results, a bad total, or a row without sid', () => {
  expect(upstreamSessionListSchema.safeParse({ total: 0, results: {} }).success).toBe(false);
  expect(upstreamSessionListSchema.safeParse({ total: 0, results: null }).success).toBe(false);
  expect(upstreamSessionListSchema.safeParse({ total: 0 }).success).toBe(false);
  expect(upstreamSessionListSchema.safeParse({ total: -1, results: [] }).success).toBe(false);
  expect(upstreamSessionListSchema.safeParse({ total: 1.5, results: [] }).success).toBe(false);
  expect(upstreamSessionListSchema.safeParse({ total: '1', results: [] }).success).toBe(false);
  expect(
    upstreamSessionListSchema.safeParse({ total: 1, results: [{ status: 'Closed' }] }).success,
  ).toBe(false);
  expect(upstreamSessionListSchema.safeParse({ total: 0, results: [] }).success).toBe(true);
});

test('sessionListResponseSchema accepts our envelope and requires every field', () => {
  const body = {
    total: 1,
    count: 1,
    offset: 0,
    limit: 25,
    first: '/api/x?offset=0',
    next: null,
    prev: null,
    last: '/api/x?offset=0',
    results: [row],
  };
  expect(sessionListResponseSchema.parse(body)).toStrictEqual(body);
  const withoutLimit: Record<string, unknown> = { ...body };
  delete withoutLimit.limit;
  expect(sessionListResponseSchema.safeParse(withoutLimit).success).toBe(false);
});

test('apiErrorBodySchema accepts a rate-limited error with retryAfterSeconds', () => {
  const body = {
    code: 'rate_limited',
    message: 'Too many requests; try again in 30 seconds.',
    status: 429,
    retryAfterSeconds: 30,
  };
  expect(apiErrorBodySchema.parse(body)).toStrictEqual(body);
});

test('apiErrorBodySchema rejects an unknown code or a negative retryAfterSeconds', () => {
  expect(apiErrorBodySchema.safeParse({ code: 'teapot', message: 'no', status: 418 }).success).toBe(
    false,
  );
  expect(
    apiErrorBodySchema.safeParse({
      code: 'rate_limited',
      message: 'wait',
      status: 429,
      retryAfterSeconds: -1,
    }).success,
  ).toBe(false);
  expect(
    apiErrorBodySchema.safeParse({ code: 'not_found', message: 'gone', status: 404 }).success,
  ).toBe(true);
});
