import fc from 'fast-check';
import { expect, test } from 'vitest';
import { parseRequest } from '#src/api/contract/endpoint.ts';
import {
  DEFAULT_LIST_QUERY,
  DOCUMENTED_LIST_QUERY_RULES,
  parseSessionListQuery,
  sessionListEndpoint,
  sessionListSource,
  sessionListResponseSchema,
  sessionRowSchema,
  toSessionListResponse,
  toSessionListSearchParams,
  upstreamSessionListSchema,
  type SessionListQuery,
} from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES } from '#src/api/contract/session-status.ts';

const HEX32 = '0123456789abcdef0123456789abcdef';
const INSTALL = `AI${HEX32}`;
const ENROLLMENT = `EN${'a'.repeat(32)}`;
const EXAM = `EX${'0'.repeat(32)}`;
const SESSION = `ES${'f'.repeat(32)}`;
const SIDS = { installSid: INSTALL, enrollmentSid: ENROLLMENT, examSid: EXAM };

const STATUS_CHOICES =
  'Needs Proctor, Pending Approval, Approval Denied, Scheduled, Incident, Closed, Processing';

function params(query: string): URLSearchParams {
  return new URLSearchParams(query);
}

// ---------------------------------------------------------------------------
// Sids and paths
// ---------------------------------------------------------------------------

test('a list request names a bad sid and a bad query value together', () => {
  const result = parseRequest(
    sessionListEndpoint,
    sessionListSource.parseQuery,
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

test('a valid list request gives the sids and the parsed query', () => {
  const sids = { installSid: INSTALL, enrollmentSid: ENROLLMENT, examSid: EXAM };
  expect(
    parseRequest(
      sessionListEndpoint,
      sessionListSource.parseQuery,
      sids,
      new URLSearchParams('offset=50&limit=25'),
    ),
  ).toEqual({
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

test('the list path puts the three sids into the upstream path', () => {
  expect(
    sessionListEndpoint.path(
      { installSid: INSTALL, enrollmentSid: ENROLLMENT, examSid: EXAM },
      DEFAULT_LIST_QUERY,
    ),
  ).toMatch(
    new RegExp(`^/v1/installs/${INSTALL}/enrollments/${ENROLLMENT}/exams/${EXAM}/sessions\\?`),
  );
});

// ---------------------------------------------------------------------------
// List query
// ---------------------------------------------------------------------------

test('an empty query parses to the defaults', () => {
  expect(parseSessionListQuery(params(''))).toEqual({
    ok: true,
    value: { offset: 0, limit: 25, sortOrder: 'DESC', statuses: [], includeActive: false },
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

function linkOffset(link: string | null): number | null {
  return link === null ? null : Number(new URL(link, 'http://x').searchParams.get('offset'));
}

test('our page links point at our /api with the whole query, for every page of a list', () => {
  const query = { ...DEFAULT_LIST_QUERY, limit: 10, offset: 20, statuses: ['Incident' as const] };
  const response = toSessionListResponse(SIDS, query, { total: 45, results: [] });
  expect(response.first).toBe(sessionListEndpoint.apiPath(SIDS, { ...query, offset: 0 }));
  expect(response.first).toMatch(/^\/api\/v1\/installs\//);
  expect(response.first).toContain('status=Incident');
  expect([response.first, response.prev, response.next, response.last].map(linkOffset)).toEqual([
    0, 10, 30, 40,
  ]);
});

test('the first page has no previous link and the last page no next link', () => {
  const first = toSessionListResponse(
    SIDS,
    { ...DEFAULT_LIST_QUERY, limit: 25 },
    { total: 50, results: [] },
  );
  expect(first.prev).toBeNull();
  expect(linkOffset(first.next)).toBe(25);
  const last = toSessionListResponse(
    SIDS,
    { ...DEFAULT_LIST_QUERY, limit: 25, offset: 25 },
    { total: 50, results: [] },
  );
  expect(last.next).toBeNull();
  expect(linkOffset(last.last)).toBe(25);
});

test('an empty list has a first link but no last, next or previous link', () => {
  const empty = toSessionListResponse(SIDS, DEFAULT_LIST_QUERY, { total: 0, results: [] });
  expect(linkOffset(empty.first)).toBe(0);
  expect([empty.prev, empty.next, empty.last]).toEqual([null, null, null]);
  expect(empty.count).toBe(0);
});

test('from beyond the end, the previous link is the last page that has rows', () => {
  const stale = toSessionListResponse(
    SIDS,
    { ...DEFAULT_LIST_QUERY, limit: 25, offset: 500 },
    { total: 60, results: [] },
  );
  expect(linkOffset(stale.prev)).toBe(50);
  expect(stale.next).toBeNull();
});
