/**
 * Properties of request validation: the contract's parsers take any input without throwing, every
 * endpoint in API_SOURCES is mounted, answered through the upstream client and refuses bad sids
 * and bad queries before anything is asked, and whatever path or query reaches the server, only
 * requests the contract accepts go upstream.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { SomeSource } from '#src/api/contract/endpoint.ts';
import { API_SOURCES } from '#src/api/contract/endpoints.ts';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { buildPath } from '#src/api/contract/routes.ts';
import {
  DOCUMENTED_LIST_QUERY_RULES,
  parseSessionListQuery,
  sessionListEndpoint,
  type SessionListQuery,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES } from '#src/api/contract/session-status.ts';
import { SID_KINDS, SID_PARAMS, type SidKind, type SidProblem } from '#src/api/contract/sids.ts';
import { createApp } from '#server/app.ts';
import { createUserSessions } from '#server/auth/user-sessions.ts';
import { EMPTY_UPSTREAM_LIST, stubUpstream } from '#server/testing/stub-upstream.ts';
import type { UpstreamClient } from '#server/upstream/client.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const TOKEN = 'validation-token';

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

/** Like anyText, but short enough that a URL holding several of them stays readable. */
const shortText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', '%', '%zz', '%2F', '..', '.', '\u0000', '__proto__', 'constructor'),
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

/** A well-formed sid, written here apart from the contract's own check. */
const wellFormed = (prefix: string) => new RegExp(`^${prefix}[0-9a-f]{32}$`);

/** encodeURIComponent throws on lone surrogates. */
function encodable(value: string): boolean {
  try {
    encodeURIComponent(value);
    return true;
  } catch {
    return false;
  }
}

const OTHER_PREFIXES = Object.values(SID_KINDS).map((kind) => kind.prefix);

/**
 * Sids that are not well-formed for `prefix` but still fill one path segment (not empty, "." or
 * ".."): near misses of every kind, another kind's sid, and junk.
 */
function malformedSid(prefix: string): fc.Arbitrary<string> {
  const wellFormedHere = wellFormed(prefix);
  return fc
    .oneof(
      hexDigits(32).map((digits) => prefix + digits.toUpperCase()),
      hexDigits(31).map((digits) => prefix + digits),
      hexDigits(33).map((digits) => prefix + digits),
      fc
        .tuple(fc.constantFrom(...OTHER_PREFIXES, 'XX', prefix.toLowerCase()), hexDigits(32))
        .map(([other, digits]) => other + digits),
      fc
        .tuple(validSid(prefix), fc.constantFrom(' ', '\n', '/', '/x', '%', '?a=1', '#', '.', 'g'))
        .map(([sid, tail]) => sid + tail),
      fc.constantFrom(prefix, `${prefix}-nobody`, '..%2f..%2fsettings', 'null', 'undefined'),
      shortText,
    )
    .filter(
      (value) =>
        value !== '' &&
        value !== '.' &&
        value !== '..' &&
        encodable(value) &&
        !wellFormedHere.test(value),
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

// ---------------------------------------------------------------------------
// The endpoint table, as this test reads it
// ---------------------------------------------------------------------------

interface Declared {
  name: string;
  kind: 'upstream' | 'composed';
  route: string;
  apiRoute: string;
  /** Each path param with the prefix of its kind of sid. */
  params: Array<{ param: string; kind: SidKind; prefix: string }>;
  source: SomeSource;
}

const SID_KIND_OF_PARAM: ReadonlyMap<string, SidKind> = new Map(Object.entries(SID_PARAMS));

/** The params of a route pattern, each a kind of sid (a route with another param fails here). */
function sidParams(name: string, route: string): Declared['params'] {
  return [...route.matchAll(/:(\w+)/g)].map(([, param = '']) => {
    const kind = SID_KIND_OF_PARAM.get(param);
    if (kind === undefined) throw new Error(`${name}: the route param "${param}" is not a sid`);
    return { param, kind, prefix: SID_KINDS[kind].prefix };
  });
}

function declared(source: SomeSource): Declared {
  return source(({ endpoint, kind }) => ({
    name: endpoint.name,
    kind,
    route: endpoint.route,
    apiRoute: endpoint.apiRoute,
    params: sidParams(endpoint.name, endpoint.route),
    source,
  }));
}

const ENDPOINTS: readonly Declared[] = API_SOURCES.map(declared);

/** What this test knows of one query key, written down apart from the contract's parsers. */
interface QueryKeyRule {
  /** Values the endpoint must take. */
  good: fc.Arbitrary<string>;
  /** Values it must refuse. */
  bad: fc.Arbitrary<string>;
  /** Whether the key may be given more than once. */
  repeatable: boolean;
  /** Whether a good query always has it. */
  required?: boolean;
}

const WHOLE_NUMBER = /^(0|[1-9][0-9]*)$/;

const notWholeNumber: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '-0',
    '01',
    '00',
    '1e2',
    '1.5',
    '1.0',
    '+1',
    '0x10',
    ' 1',
    '1 ',
    'NaN',
    'Infinity',
    '9007199254740993',
    '99999999999999999999',
    '١',
  ),
  fc.integer({ min: -1_000, max: -1 }).map(String),
  shortText.filter((text) => !WHOLE_NUMBER.test(text)),
);

function wholeNumber(min: number, max?: number): Pick<QueryKeyRule, 'good' | 'bad'> {
  const outside = [
    notWholeNumber,
    ...(min > 0 ? [fc.integer({ min: 0, max: min - 1 }).map(String)] : []),
    ...(max === undefined ? [] : [fc.integer({ min: max + 1, max: max + 10_000 }).map(String)]),
  ];
  return {
    good: fc.integer({ min, max: max ?? 1_000_000 }).map(String),
    bad: fc.oneof(...outside),
  };
}

function oneOf(choices: readonly string[]): Pick<QueryKeyRule, 'good' | 'bad'> {
  return {
    good: fc.constantFrom(...choices),
    bad: fc
      .oneof(
        fc
          .constantFrom(...choices)
          .chain((choice) =>
            fc.constantFrom(
              choice.toLowerCase(),
              choice.toUpperCase(),
              ` ${choice}`,
              `${choice} `,
              `${choice},${choice}`,
              choice.slice(1),
            ),
          ),
        shortText,
      )
      .filter((value) => !choices.includes(value)),
  };
}

const once = (rule: Pick<QueryKeyRule, 'good' | 'bad'>): QueryKeyRule => ({
  ...rule,
  repeatable: false,
});
const repeatable = (rule: Pick<QueryKeyRule, 'good' | 'bad'>): QueryKeyRule => ({
  ...rule,
  repeatable: true,
});

const required = (rule: Pick<QueryKeyRule, 'good' | 'bad'>): QueryKeyRule => ({
  ...rule,
  repeatable: false,
  required: true,
});

const RECORD_PAGE_RULES = {
  offset: once(wholeNumber(0)),
  limit: once(wholeNumber(1, 50)),
  sortOrder: once(oneOf(['ASC', 'DESC'])),
};

/**
 * Every endpoint's query keys (none: it takes no query). A new endpoint fails the tests below
 * until its keys are written here.
 */
const QUERY_RULES: Readonly<Record<string, Readonly<Record<string, QueryKeyRule>>>> = {
  'session-list': {
    offset: once(wholeNumber(0)),
    limit: once(wholeNumber(1, 100)),
    sortKeys: repeatable(oneOf(['createdDate'])),
    sortOrder: once(oneOf(['ASC', 'DESC'])),
    status: repeatable(oneOf(FILTERABLE_STATUSES)),
    includeActive: once(oneOf(['true', 'false'])),
  },
  'status-counts': { includeActive: once(oneOf(['true', 'false'])) },
  'list-context': { session: required({ good: validSid('ES'), bad: malformedSid('ES') }) },
  'session-detail': {},
  'session-events': RECORD_PAGE_RULES,
  'session-annotations': RECORD_PAGE_RULES,
  'user-profile': {},
  'install-settings': {},
};

const ALL_QUERY_KEYS = [...new Set(Object.values(QUERY_RULES).flatMap(Object.keys))];

function queryRules(name: string): Readonly<Record<string, QueryKeyRule>> {
  const rules = QUERY_RULES[name];
  if (rules === undefined) throw new Error(`Write the query keys of ${name} in QUERY_RULES.`);
  return rules;
}

/** A query the endpoint must take: each key at most once unless repeatable, in any order. */
function goodPairs(
  rules: Readonly<Record<string, QueryKeyRule>>,
): fc.Arbitrary<[string, string][]> {
  const perKey = Object.entries(rules).map(([key, rule]) =>
    (rule.repeatable
      ? fc.array(rule.good, { maxLength: 3 })
      : rule.required === true
        ? rule.good.map((value) => [value])
        : fc
            .option(rule.good, { nil: undefined })
            .map((value) => (value === undefined ? [] : [value]))
    ).map((values) => values.map((value): [string, string] => [key, value])),
  );
  return fc
    .tuple(...perKey)
    .map((lists) => lists.flat())
    .chain((pairs) =>
      fc.shuffledSubarray(pairs, { minLength: pairs.length, maxLength: pairs.length }),
    );
}

/** What makes a query bad: a key it does not take, a bad value, a key given twice. */
function badPart(rules: Readonly<Record<string, QueryKeyRule>>): fc.Arbitrary<[string, string][]> {
  const unknownKey = fc
    .oneof(
      fc.constantFrom(
        ...ALL_QUERY_KEYS,
        'token',
        'page',
        'sort',
        'x',
        '',
        'Offset',
        'LIMIT',
        'offset ',
        'includeactive',
        'statuses',
        'sessionSid',
        '__proto__',
        'constructor',
      ),
      shortText,
    )
    .filter((key) => !Object.hasOwn(rules, key));
  const parts: fc.Arbitrary<[string, string][]>[] = [
    fc.tuple(unknownKey, shortText).map((pair) => [pair]),
  ];
  for (const [key, rule] of Object.entries(rules)) {
    parts.push(rule.bad.map((value): [string, string][] => [[key, value]]));
    if (!rule.repeatable) {
      parts.push(
        fc.tuple(rule.good, rule.good).map(([first, second]): [string, string][] => [
          [key, first],
          [key, second],
        ]),
      );
    }
  }
  return fc.oneof(...parts);
}

/** A good query with one bad part put anywhere in it. */
function badPairs(rules: Readonly<Record<string, QueryKeyRule>>): fc.Arbitrary<[string, string][]> {
  return fc.tuple(goodPairs(rules), badPart(rules), fc.nat()).map(([pairs, bad, at]) => {
    const index = at % (pairs.length + 1);
    return [...pairs.slice(0, index), ...bad, ...pairs.slice(index)];
  });
}

function validSids(endpoint: Declared): fc.Arbitrary<Record<string, string>> {
  return fc.record(
    Object.fromEntries(endpoint.params.map(({ param, prefix }) => [param, validSid(prefix)])),
  );
}

/** Sids of which at least one is malformed, the others well-formed. */
function badSids(endpoint: Declared): fc.Arbitrary<Record<string, string>> {
  return fc
    .record(
      Object.fromEntries(
        endpoint.params.map(({ param, prefix }) => [
          param,
          fc.oneof(validSid(prefix), malformedSid(prefix)),
        ]),
      ),
    )
    .filter((sids) => malformedParams(endpoint, sids).length > 0);
}

function malformedParams(endpoint: Declared, sids: Record<string, string>) {
  return endpoint.params.filter(({ param, prefix }) => !wellFormed(prefix).test(sids[param] ?? ''));
}

function withQuery(path: string, pairs: [string, string][]): string {
  const search = new URLSearchParams(pairs).toString();
  return search === '' ? path : `${path}?${search}`;
}

// ---------------------------------------------------------------------------
// An app whose upstream client records every call
// ---------------------------------------------------------------------------

/** A valid raw upstream answer for each upstream endpoint, parsed by the endpoint's own schema. */
const UPSTREAM_ANSWERS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['session-list', EMPTY_UPSTREAM_LIST],
  ['session-detail', { sid: `ES${'0'.repeat(32)}`, status: 'Closed' }],
  ['session-events', { total: 0, results: [] }],
  ['session-annotations', { total: 0, results: [] }],
  ['user-profile', { sid: `US${'0'.repeat(32)}` }],
  ['install-settings', { sid: `AI${'0'.repeat(32)}`, name: 'Northfield' }],
]);

/** One call to the upstream client's fetch. */
interface Asked {
  /** The endpoint asked upstream. */
  name: string;
  /** The upstream path (and query) the real client would request. */
  path: string;
  sids: unknown;
  query: unknown;
  token: string;
  signal: AbortSignal | undefined;
  /** That path read back with the endpoint's own rules, and written again. */
  readBack: {
    sids: ParseResult<unknown, SidProblem>;
    query: ParseResult<unknown>;
    path: string | null;
  };
}

/** The route params of `pathname` under `route` (the upstream's pattern), decoded. */
function paramsOf(route: string, pathname: string): Record<string, string> {
  const patternSegments = route.split('/');
  const pathSegments = pathname.split('/');
  if (patternSegments.length !== pathSegments.length) return {};
  const params: Record<string, string> = {};
  for (const [index, segment] of patternSegments.entries()) {
    const value = pathSegments[index] ?? '';
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(value);
    else if (segment !== value) return {};
  }
  return params;
}

function recordingApp() {
  const asked: Asked[] = [];
  const upstream: UpstreamClient = {
    ...stubUpstream(),
    fetch(source, sids, query, call) {
      const { endpoint } = source;
      const path = endpoint.path(sids, query);
      const url = new URL(path, 'http://upstream.test');
      const sidsAgain = endpoint.parseSids(paramsOf(endpoint.route, url.pathname));
      const queryAgain = source.parseQuery(url.searchParams);
      asked.push({
        name: endpoint.name,
        path,
        sids,
        query,
        token: call.token,
        signal: call.signal,
        readBack: {
          sids: sidsAgain,
          query: queryAgain,
          path:
            sidsAgain.ok && queryAgain.ok ? endpoint.path(sidsAgain.value, queryAgain.value) : null,
        },
      });
      const answer = UPSTREAM_ANSWERS.get(endpoint.name);
      if (answer === undefined) {
        return Promise.reject(new Error(`No upstream answer for ${endpoint.name} in this test.`));
      }
      return Promise.resolve(source.upstream.parse(answer));
    },
  };
  const app = createApp({
    upstream,
    access: { mode: 'shared', tokens: staticToken(TOKEN) },
    log: () => {},
  });
  return { app, asked };
}

/** That a call went upstream as the contract would send it: it reads back, and is canonical. */
function expectCanonical(call: Asked): void {
  expect(call.readBack.sids, call.path).toEqual({ ok: true, value: call.sids });
  expect(call.readBack.query, call.path).toEqual({ ok: true, value: call.query });
  expect(call.readBack.path).toBe(call.path);
  expect(call.token).toBe(TOKEN);
}

async function answer(response: Response) {
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

// ---------------------------------------------------------------------------
// (a) The contract's parsers
// ---------------------------------------------------------------------------

/** Every endpoint's parsers, and the list's under the rules the API documents (the demo's). */
const PARSERS = [
  ...API_SOURCES.map((source) =>
    source(({ endpoint, parseQuery }) => ({
      name: endpoint.name,
      params: sidParams(endpoint.name, endpoint.route),
      parseSids: (raw: Record<string, string | undefined>): ParseResult<unknown, SidProblem> =>
        endpoint.parseSids(raw),
      parseQuery: (params: URLSearchParams): ParseResult<unknown> => parseQuery(params),
    })),
  ),
  {
    name: 'session-list (documented rules)',
    params: sidParams(sessionListEndpoint.name, sessionListEndpoint.route),
    parseSids: (raw: Record<string, string | undefined>): ParseResult<unknown, SidProblem> =>
      sessionListEndpoint.parseSids(raw),
    parseQuery: (params: URLSearchParams): ParseResult<unknown> =>
      parseSessionListQuery(params, DOCUMENTED_LIST_QUERY_RULES),
  },
];

test.each(PARSERS.map((parsers) => [parsers.name, parsers] as const))(
  '%s: the sid and query parsers never throw and always explain a refusal briefly',
  (_name, { params, parseSids, parseQuery }) => {
    const names = params.map(({ param }) => param);
    const rawSids: fc.Arbitrary<Record<string, string | undefined>> = fc.oneof(
      fc.record(Object.fromEntries(params.map(({ param, prefix }) => [param, sidLike(prefix)])), {
        requiredKeys: [],
      }),
      fc.dictionary(
        fc.oneof(fc.constantFrom(...names, 'installSid', 'examSid'), anyText),
        fc.option(anyText, { nil: undefined }),
        { maxKeys: 6 },
      ),
    );
    fc.assert(
      fc.property(rawSids, searchParams, (sids, query) => {
        const sidsResult = parseSids(sids);
        const queryResult = parseQuery(query);
        const problems = [
          ...(sidsResult.ok ? [] : sidsResult.problems.map((problem) => problem.message)),
          ...(queryResult.ok ? [] : queryResult.problems),
        ];
        if (!sidsResult.ok) expect(sidsResult.problems.length).toBeGreaterThan(0);
        if (!queryResult.ok) expect(queryResult.problems.length).toBeGreaterThan(0);
        // Bad values are quoted cut short, however long they were.
        for (const problem of problems) expect(problem.length).toBeLessThan(400);
      }),
      { numRuns: 200 },
    );
  },
);

test.each(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint] as const))(
  '%s: an accepted query is written upstream in a canonical form that parses back to itself',
  (_name, { source, params }) => {
    const sids = Object.fromEntries(
      params.map(({ param, prefix }) => [param, `${prefix}${'a'.repeat(32)}`]),
    );
    source(({ endpoint, parseQuery }) => {
      const parsedSids = endpoint.parseSids(sids);
      if (!parsedSids.ok) throw new Error(`${endpoint.name} refused well-formed sids`);
      fc.assert(
        fc.property(searchParams, (params) => {
          const result = parseQuery(params);
          if (!result.ok) return;
          const written = new URL(
            endpoint.path(parsedSids.value, result.value),
            'http://upstream.test',
          ).searchParams;
          const again = parseQuery(written);

          expect(again).toEqual({ ok: true, value: result.value });
          if (again.ok) {
            expect(endpoint.path(parsedSids.value, again.value)).toBe(
              endpoint.path(parsedSids.value, result.value),
            );
          }
        }),
        { numRuns: 300 },
      );
    });
  },
);

// ---------------------------------------------------------------------------
// (b) Every endpoint in the table, through the whole app
// ---------------------------------------------------------------------------

const RUNS = { numRuns: 50 };

test('the table names each endpoint once, and this test knows the query of each', () => {
  const names = ENDPOINTS.map((endpoint) => endpoint.name);
  expect(new Set(names).size).toBe(names.length);
  expect(new Set(ENDPOINTS.map((endpoint) => endpoint.apiRoute)).size).toBe(names.length);
  expect(Object.keys(QUERY_RULES).sort()).toEqual([...names].sort());
  for (const endpoint of ENDPOINTS) {
    // Every route is behind the token check of /api/v1, and mirrors the upstream's path.
    expect(endpoint.apiRoute).toBe(`/api${endpoint.route}`);
    expect(endpoint.route.startsWith('/v1/')).toBe(true);
  }
});

describe.each(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint] as const))(
  'endpoint %s',
  (name, endpoint) => {
    const rules = queryRules(name);

    test('a valid request is mounted and answered through the upstream client', async () => {
      await fc.assert(
        fc.asyncProperty(
          validSids(endpoint),
          goodPairs(rules),
          fc.boolean(),
          async (sids, pairs, asTheBrowserWritesIt) => {
            // A fresh app each run: a composed answer is reused, and the runs repeat sids.
            const { app, asked } = recordingApp();
            const typed = withQuery(buildPath(endpoint.apiRoute, sids), pairs);
            // The browser's own URL for the same request, written by the endpoint.
            const written = endpoint.source(({ endpoint: declaredEndpoint, parseQuery }) => {
              const parsedSids = declaredEndpoint.parseSids(sids);
              const parsedQuery = parseQuery(new URLSearchParams(pairs));
              expect(parsedSids.ok, 'well-formed sids are taken').toBe(true);
              expect(parsedQuery, 'a good query is taken').toMatchObject({ ok: true });
              return parsedSids.ok && parsedQuery.ok
                ? declaredEndpoint.apiPath(parsedSids.value, parsedQuery.value)
                : typed;
            });
            const url = asTheBrowserWritesIt ? written : typed;

            const response = await answer(await app.request(url));

            expect(
              asked.filter((call) => !UPSTREAM_ANSWERS.has(call.name)).map((call) => call.name),
              'answers for these endpoints are missing from UPSTREAM_ANSWERS',
            ).toEqual([]);
            expect(response.status, url).toBe(200);
            endpoint.source(({ endpoint: declaredEndpoint }) =>
              declaredEndpoint.answer.parse(response.body),
            );
            expect(asked.length, 'calls to the upstream client').toBeGreaterThan(0);
            if (endpoint.kind === 'upstream') {
              expect(asked).toHaveLength(1);
              expect(asked[0]?.name).toBe(name);
              // The query the contract read from the request is the one asked.
              const query = endpoint.source(({ parseQuery }) =>
                parseQuery(new URLSearchParams(pairs)),
              );
              expect(query).toEqual({ ok: true, value: asked[0]?.query });
            }
            // A composed endpoint may ask about another resource, named by its sids or query.
            const named = [...Object.values(sids), ...pairs.map(([, value]) => value)];
            for (const call of asked) {
              if (endpoint.kind === 'upstream') expect(call.sids).toEqual(sids);
              else expect(named).toEqual(expect.arrayContaining(Object.values(call.sids ?? {})));
              expect(call.signal).toBeInstanceOf(AbortSignal);
              expectCanonical(call);
            }
          },
        ),
        RUNS,
      );
    });

    test('malformed sids in any path param are refused with 400, and nothing is asked', async () => {
      const { app, asked } = recordingApp();

      await fc.assert(
        fc.asyncProperty(badSids(endpoint), goodPairs(rules), async (sids, pairs) => {
          asked.length = 0;
          const url = withQuery(buildPath(endpoint.apiRoute, sids), pairs);
          fc.pre(url.length < 1_500);

          const response = await answer(await app.request(url));

          expect(response.status, url).toBe(400);
          const error = apiErrorBodySchema.parse(response.body);
          expect(error.code).toBe('bad_request');
          for (const { kind } of malformedParams(endpoint, sids)) {
            expect(error.message).toContain(`The ${SID_KINDS[kind].label} sid must be`);
          }
          expect(asked).toEqual([]);
        }),
        RUNS,
      );
    });

    test('a bad query (an unknown key, a bad value, a key given twice) is refused with 400, and nothing is asked', async () => {
      const { app, asked } = recordingApp();

      await fc.assert(
        fc.asyncProperty(validSids(endpoint), badPairs(rules), async (sids, pairs) => {
          asked.length = 0;
          const url = withQuery(buildPath(endpoint.apiRoute, sids), pairs);
          fc.pre(url.length < 1_500);

          const response = await answer(await app.request(url));

          expect(response.status, url).toBe(400);
          expect(apiErrorBodySchema.parse(response.body).code).toBe('bad_request');
          expect(asked).toEqual([]);
        }),
        RUNS,
      );
    });

    test('with per-user sign-in, a request without a session is 401, and nothing is asked', async () => {
      const asked: string[] = [];
      const app = createApp({
        access: {
          mode: 'user',
          sessions: createUserSessions({
            secret: 'a-test-secret-that-is-long-enough-0123456789',
            secure: false,
          }),
        },
        upstream: stubUpstream({
          fetch: (endpointName) => {
            asked.push(endpointName);
            return Promise.reject(new Error('must not be called'));
          },
        }),
        log: () => undefined,
      });

      await fc.assert(
        fc.asyncProperty(validSids(endpoint), goodPairs(rules), async (sids, pairs) => {
          const response = await answer(
            await app.request(withQuery(buildPath(endpoint.apiRoute, sids), pairs)),
          );

          expect(response.status).toBe(401);
          expect(apiErrorBodySchema.parse(response.body).code).toBe('sign_in_required');
        }),
        { numRuns: 10 },
      );
      expect(asked).toEqual([]);
    });
  },
);

// ---------------------------------------------------------------------------
// (c) Any path under /api
// ---------------------------------------------------------------------------

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

const sid = (prefix: string) => `${prefix}${'0123456789abcdef'.repeat(2)}`;
const DETAIL_EXAMPLES = [
  ...['', '/events', '/annotations'].map(
    (tail) => `/api/v1/installs/${sid('AI')}/exams/${sid('EX')}/sessions/${sid('ES')}${tail}`,
  ),
  `/api/v1/installs/${sid('AI')}/users/${sid('US')}/profile`,
  `/api/v1/installs/${sid('AI')}/settings`,
];

test('no GET under /api makes a 5xx or throws, and only valid requests reach the upstream', async () => {
  const { app, asked } = recordingApp();
  const reachedByName = new Map<string, number>();

  await fc.assert(
    fc.asyncProperty(apiPath, queryString, async (path, query) => {
      asked.length = 0;
      const response = await app.request(`http://localhost${path}${query}`);
      await response.arrayBuffer();

      expect(response.status).toBeLessThan(500);
      expect(asked.length).toBeLessThanOrEqual(1);
      for (const call of asked) {
        reachedByName.set(call.name, (reachedByName.get(call.name) ?? 0) + 1);
        // What went upstream is what the contract would send: it parses, and it is canonical.
        expectCanonical(call);
        // An endpoint without a query was asked only for a request without one.
        if (Object.keys(queryRules(call.name)).length === 0) {
          expect(new URL(`http://localhost${path}${query}`).searchParams.toString()).toBe('');
        }
      }
    }),
    // One valid request per detail route always runs: random ones reach a route only a few
    // times in 800, too few to count on in every run.
    { numRuns: 800, examples: DETAIL_EXAMPLES.map((path): [string, string] => [path, '']) },
  );
  // Else the property would hold only because nothing ever got through.
  expect(reachedByName.get('session-list') ?? 0).toBeGreaterThan(20);
  for (const name of [
    'session-detail',
    'user-profile',
    'install-settings',
    'session-events',
    'session-annotations',
  ]) {
    expect(reachedByName.get(name) ?? 0, name).toBeGreaterThan(0);
  }
});

test('the list route with valid sids and a canonical query does reach the upstream', async () => {
  // Guards the property above against passing only because nothing ever got through.
  const { app, asked } = recordingApp();
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

  const response = await app.request(sessionListEndpoint.apiPath(sids, query));

  expect(response.status).toBe(200);
  expect(asked.map((call) => ({ name: call.name, sids: call.sids, query: call.query }))).toEqual([
    { name: 'session-list', sids, query },
  ]);
});
