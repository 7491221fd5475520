/**
 * Properties of request validation: the contract's parsers take any input without throwing, and
 * whatever path or query reaches the server, only requests the contract accepts go upstream.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import {
  installSettingsSchema,
  parseInstallSettingsSids,
  parseUserProfileSids,
  userProfileSchema,
  type InstallSettingsSids,
  type UserProfileSids,
} from '#src/api/contract/learner-context.ts';
import {
  parseSessionDetailSids,
  upstreamSessionDetailSchema,
  type SessionDetailSids,
} from '#src/api/contract/session-detail.ts';
import {
  DOCUMENTED_LIST_QUERY_RULES,
  parseSessionListQuery,
  parseSessionListRequest,
  sessionListPath,
  toSessionListSearchParams,
  type SessionListQuery,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import {
  parseRecordPageQuery,
  sessionRecordsPath,
  toSessionRecordsResponse,
  type RecordPageQuery,
  type SessionRecordKind,
} from '#src/api/contract/session-records.ts';
import { FILTERABLE_STATUSES } from '#src/api/contract/session-status.ts';
import { createApp } from '#server/app.ts';
import { EMPTY_UPSTREAM_LIST, stubUpstream } from '#server/testing/stub-upstream.ts';

// ---------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------

const HEX = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'];

/** Any text: unicode graphemes, raw code units (lone surrogates included), empty, or long. */
const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '%', '%zz', '%2F', '..', '.', '\u0000', '__proto__', 'constructor'),
  fc.integer({ min: 1_000, max: 200_000 }).map((length) => 'x'.repeat(length)),
);

const hexDigits = (length: number) =>
  fc.string({ unit: fc.constantFrom(...HEX), minLength: length, maxLength: length });

const validSid = (prefix: string) => hexDigits(32).map((digits) => prefix + digits);

/** Well-formed sids most of the time, else near misses (case, length, prefix) and junk. */
function sidLike(prefix: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: validSid(prefix) },
    hexDigits(32).map((digits) => prefix + digits.toUpperCase()),
    hexDigits(31).map((digits) => prefix + digits),
    hexDigits(33).map((digits) => prefix + digits),
    hexDigits(32).map((digits) => `XX${digits}`),
    anyText,
  );
}

const QUERY_KEYS = ['offset', 'limit', 'sortKeys', 'sortOrder', 'status', 'includeActive'];

/** Values a query key could plausibly get, right or wrong. */
const queryValue: fc.Arbitrary<string> = fc.oneof(
  fc.nat().map(String),
  fc.integer({ min: -5, max: 200 }).map(String),
  fc.constantFrom(
    '',
    '0',
    '01',
    '1e2',
    '9007199254740993',
    'ASC',
    'DESC',
    'asc',
    'true',
    'false',
    'createdDate',
    ...FILTERABLE_STATUSES,
    'In Progress',
    'Cancelled',
  ),
  anyText,
);

/** Known keys (repeated or not) and unknown ones, in any order. */
const queryPairs: fc.Arbitrary<[string, string][]> = fc.array(
  fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, anyText), queryValue),
  { maxLength: 8 },
);

const searchParams: fc.Arbitrary<URLSearchParams> = fc.oneof(
  queryPairs.map((pairs) => new URLSearchParams(pairs)),
  // A raw query string, percent escapes and all, as a browser might send it.
  fc.string({ unit: 'binary', maxLength: 200 }).map((raw) => new URLSearchParams(raw)),
);

const rawSids: fc.Arbitrary<Record<string, string | undefined>> = fc.oneof(
  fc.record(
    { installSid: sidLike('AI'), enrollmentSid: sidLike('EN'), examSid: sidLike('EX') },
    { requiredKeys: [] },
  ),
  fc.dictionary(
    fc.oneof(fc.constantFrom('installSid', 'enrollmentSid', 'examSid'), anyText),
    fc.option(anyText, { nil: undefined }),
    { maxKeys: 6 },
  ),
);

// ---------------------------------------------------------------------------
// (a) The contract's parsers
// ---------------------------------------------------------------------------

test('parseSessionListRequest never throws and always explains a refusal briefly', () => {
  fc.assert(
    fc.property(rawSids, searchParams, fc.boolean(), (sids, params, documented) => {
      const result = parseSessionListRequest(
        sids,
        params,
        documented ? DOCUMENTED_LIST_QUERY_RULES : undefined,
      );
      if (result.ok) return;
      expect(result.problems.length).toBeGreaterThan(0);
      // Bad values are quoted cut short, however long they were.
      for (const problem of result.problems) expect(problem.length).toBeLessThan(400);
    }),
    { numRuns: 500 },
  );
});

test('an accepted query serializes to a canonical form that parses back to itself', () => {
  fc.assert(
    fc.property(searchParams, (params) => {
      const result = parseSessionListQuery(params);
      if (!result.ok) return;
      const serialized = toSessionListSearchParams(result.value);
      const again = parseSessionListQuery(serialized);

      expect(again).toEqual({ ok: true, value: result.value });
      if (again.ok) {
        expect(toSessionListSearchParams(again.value).toString()).toBe(serialized.toString());
      }
    }),
    { numRuns: 500 },
  );
});

// ---------------------------------------------------------------------------
// (b) Through the whole app
// ---------------------------------------------------------------------------

interface UpstreamCallRecord {
  sids: SessionListSids;
  query: SessionListQuery;
}

/** A call to one of the detail page's endpoints, with what the route handed the client. */
type DetailCallRecord =
  | { method: 'getSessionDetail'; sids: SessionDetailSids }
  | { method: 'getUserProfile'; sids: UserProfileSids }
  | { method: 'getInstallSettings'; sids: InstallSettingsSids }
  | {
      method: 'listSessionRecords';
      kind: SessionRecordKind;
      sids: SessionDetailSids;
      query: RecordPageQuery;
    };

/** An app whose upstream records every call and answers with an empty, valid value. */
function recordingApp() {
  const calls: UpstreamCallRecord[] = [];
  const detailCalls: DetailCallRecord[] = [];
  const upstream = stubUpstream({
    listSessions: (sids, query) => {
      calls.push({ sids, query });
      return Promise.resolve(EMPTY_UPSTREAM_LIST);
    },
    getSessionDetail: (sids) => {
      detailCalls.push({ method: 'getSessionDetail', sids });
      return Promise.resolve(
        upstreamSessionDetailSchema.parse({ sid: sids.sessionSid, status: 'Closed' }),
      );
    },
    getUserProfile: (sids) => {
      detailCalls.push({ method: 'getUserProfile', sids });
      return Promise.resolve(userProfileSchema.parse({ sid: sids.userSid }));
    },
    getInstallSettings: (sids) => {
      detailCalls.push({ method: 'getInstallSettings', sids });
      return Promise.resolve(installSettingsSchema.parse({ sid: sids.installSid }));
    },
    listSessionRecords: (kind, sids, query) => {
      detailCalls.push({ method: 'listSessionRecords', kind, sids, query });
      return Promise.resolve(toSessionRecordsResponse({ total: 0, results: [] }, query));
    },
  });
  const app = createApp({ upstream, access: { mode: 'shared', token: 'x' }, log: () => {} });
  return { app, calls, detailCalls };
}

/** A path segment: route words, sids, encoded text, or raw oddities the router must survive. */
const segment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('v1', 'installs', 'enrollments', 'exams', 'sessions', 'api', ''),
  fc.constantFrom('users', 'profile', 'settings', 'events', 'annotations', 'onboard'),
  sidLike('AI'),
  sidLike('EN'),
  sidLike('EX'),
  sidLike('ES'),
  sidLike('US'),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom(
    '%',
    '%zz',
    '%2F',
    '%2f..',
    '..',
    '.',
    '%2e%2e',
    '%00',
    '%C0%AF',
    ';a=b',
    '@',
    ':x',
  ),
);

function listRoute(install: string, enrollment: string, exam: string): string {
  return `/api/v1/installs/${safeEncode(install)}/enrollments/${safeEncode(enrollment)}/exams/${safeEncode(exam)}/sessions`;
}

/** Mostly well-formed sids, so that enough requests on the detail routes get through. */
const mostlyValidSid = (prefix: string) =>
  fc.oneof({ weight: 3, arbitrary: validSid(prefix) }, sidLike(prefix));

/** The detail page's routes, their neighbours that are not ours, and any sids in them. */
const detailRoute: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        mostlyValidSid('AI'),
        mostlyValidSid('EX'),
        mostlyValidSid('ES'),
        fc.constantFrom('', '', '/events', '/annotations', '/events/x', '/onboard'),
      )
      .map(
        ([install, exam, session, tail]) =>
          `/api/v1/installs/${safeEncode(install)}/exams/${safeEncode(exam)}/sessions/${safeEncode(session)}${tail}`,
      ),
  },
  fc
    .tuple(mostlyValidSid('AI'), mostlyValidSid('US'))
    .map(
      ([install, user]) =>
        `/api/v1/installs/${safeEncode(install)}/users/${safeEncode(user)}/profile`,
    ),
  mostlyValidSid('AI').map((install) => `/api/v1/installs/${safeEncode(install)}/settings`),
);

/**
 * The list route with good sids (so many queries get through), with any sids, the detail page's
 * routes, or any segments.
 */
const apiPath: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 2, arbitrary: fc.tuple(validSid('AI'), validSid('EN'), validSid('EX')) },
    fc.tuple(sidLike('AI'), sidLike('EN'), sidLike('EX')),
    { weight: 3, arbitrary: detailRoute },
    fc.array(segment, { maxLength: 10 }).map((segments) => `/api/${segments.join('/')}`),
  )
  .map((path) => (typeof path === 'string' ? path : listRoute(...path)));

/** encodeURIComponent throws on lone surrogates; those go as they are, for the URL parser. */
function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value;
  }
}

const queryString: fc.Arbitrary<string> = fc.oneof(
  // Half the time none: the detail routes take no query at all.
  { weight: 2, arbitrary: fc.constant('') },
  queryPairs.map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
  fc.string({ unit: 'binary', maxLength: 300 }).map((raw) => `?${raw}`),
);

/** The sids of an upstream list path, read back the way a router would. */
function routeParams(pathname: string): Record<string, string> {
  const [, v1, installs, installSid, enrollments, enrollmentSid, exams, examSid, sessions] =
    pathname.split('/');
  expect([v1, installs, enrollments, exams, sessions]).toEqual([
    'v1',
    'installs',
    'enrollments',
    'exams',
    'sessions',
  ]);
  return {
    installSid: decodeURIComponent(installSid ?? ''),
    enrollmentSid: decodeURIComponent(enrollmentSid ?? ''),
    examSid: decodeURIComponent(examSid ?? ''),
  };
}

/** That a detail call carries valid sids, and a query only where its endpoint takes one. */
function expectValidDetailCall(call: DetailCallRecord, requestSearch: string): void {
  switch (call.method) {
    case 'getSessionDetail':
      expect(parseSessionDetailSids(call.sids)).toEqual({ ok: true, value: call.sids });
      expect(requestSearch).toBe('');
      return;
    case 'getUserProfile':
      expect(parseUserProfileSids(call.sids)).toEqual({ ok: true, value: call.sids });
      expect(requestSearch).toBe('');
      return;
    case 'getInstallSettings':
      expect(parseInstallSettingsSids(call.sids)).toEqual({ ok: true, value: call.sids });
      expect(requestSearch).toBe('');
      return;
    case 'listSessionRecords': {
      expect(parseSessionDetailSids(call.sids)).toEqual({ ok: true, value: call.sids });
      // The page sent upstream is exactly offset and limit, and reads back as the same page.
      const url = new URL(sessionRecordsPath(call.kind, call.sids, call.query), 'http://u.test');
      expect([...url.searchParams.keys()]).toEqual(['offset', 'limit']);
      expect(parseRecordPageQuery(url.searchParams)).toEqual({ ok: true, value: call.query });
    }
  }
}

test('no GET under /api makes a 5xx or throws, and only valid requests reach the upstream', async () => {
  const { app, calls, detailCalls } = recordingApp();
  let reachedUpstream = 0;
  const reachedByMethod = new Map<string, number>();

  await fc.assert(
    fc.asyncProperty(apiPath, queryString, async (path, query) => {
      calls.length = 0;
      detailCalls.length = 0;
      const response = await app.request(`http://localhost${path}${query}`);
      await response.arrayBuffer();

      expect(response.status).toBeLessThan(500);
      expect(calls.length + detailCalls.length).toBeLessThanOrEqual(1);
      reachedUpstream += calls.length;
      for (const call of detailCalls) {
        reachedByMethod.set(call.method, (reachedByMethod.get(call.method) ?? 0) + 1);
        expectValidDetailCall(call, new URL(`http://localhost${path}${query}`).search);
      }
      for (const call of calls) {
        // What went upstream is what the contract would send: it parses, and it is canonical.
        const upstreamPath = sessionListPath(call.sids, call.query);
        const url = new URL(upstreamPath, 'http://upstream.test');
        const reparsed = parseSessionListRequest(routeParams(url.pathname), url.searchParams);

        expect(reparsed).toEqual({ ok: true, value: { sids: call.sids, query: call.query } });
        if (reparsed.ok) {
          expect(sessionListPath(reparsed.value.sids, reparsed.value.query)).toBe(upstreamPath);
        }
      }
    }),
    { numRuns: 800 },
  );
  // Else the property would hold only because nothing ever got through.
  expect(reachedUpstream).toBeGreaterThan(20);
  for (const method of [
    'getSessionDetail',
    'getUserProfile',
    'getInstallSettings',
    'listSessionRecords',
  ]) {
    expect(reachedByMethod.get(method) ?? 0, method).toBeGreaterThan(3);
  }
});

test('the list route with valid sids and a canonical query does reach the upstream', async () => {
  // Guards the property above against passing only because nothing ever got through.
  const { app, calls } = recordingApp();
  const sids: SessionListSids = {
    installSid: `AI${'a'.repeat(32)}`,
    enrollmentSid: `EN${'b'.repeat(32)}`,
    examSid: `EX${'c'.repeat(32)}`,
  };
  const query: SessionListQuery = {
    offset: 25,
    limit: 25,
    sortOrder: 'ASC',
    statuses: [],
    includeActive: true,
  };

  const response = await app.request(`/api${sessionListPath(sids, query)}`);

  expect(response.status).toBe(200);
  expect(calls).toEqual([{ sids, query }]);
});
