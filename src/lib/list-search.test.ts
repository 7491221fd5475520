import fc from 'fast-check';
import { expect, test } from 'vitest';
import { FILTERABLE_STATUSES } from '#src/api/contract/session-status.ts';
import {
  DEFAULT_LIST_SEARCH,
  PAGE_SIZES,
  REFRESH_INTERVALS,
  SORTS,
  STATUS_SLUGS,
  changeListSearch,
  isDefaultListSearch,
  lastPage,
  parseListSearch,
  planListSearchRepair,
  resetListSearch,
  serializeListSearch,
  toListQuery,
  type PageCount,
  type SessionListSearch,
} from '#src/lib/list-search.ts';
import { TIME_ZONE_CHOICES } from '#src/lib/time-zone/time-zone-choice.ts';

function parse(query: string) {
  return parseListSearch(new URLSearchParams(query));
}

const EXAMPLE_VIEW: SessionListSearch = {
  statuses: ['Pending Approval', 'Incident'],
  sort: 'createdDate.asc',
  page: 3,
  limit: 50,
  includeActive: true,
  timeZone: 'viewer',
  refresh: null,
};

test('the default view serializes to the empty string and asks for the newest 25', () => {
  expect(toListQuery(DEFAULT_LIST_SEARCH)).toMatchObject({
    offset: 0,
    limit: 25,
    sortOrder: 'DESC',
  });
  expect(serializeListSearch(DEFAULT_LIST_SEARCH)).toBe('');
  expect(isDefaultListSearch(DEFAULT_LIST_SEARCH)).toBe(true);
  expect(isDefaultListSearch({ ...DEFAULT_LIST_SEARCH, page: 2 })).toBe(false);
});

test('an empty query parses to the default view with nothing ignored', () => {
  expect(parse('')).toEqual({ search: DEFAULT_LIST_SEARCH, ignored: [] });
});

test('explicit default values parse cleanly and are omitted when serialized', () => {
  const parsed = parse('sort=createdDate.desc&page=1&limit=25&includeActive=false');
  expect(parsed).toEqual({ search: DEFAULT_LIST_SEARCH, ignored: [] });
  expect(serializeListSearch(parsed.search)).toBe('');
});

test('the documented example parses to the expected view', () => {
  expect(
    parse(
      'status=incident&status=pending-approval&sort=createdDate.asc&page=3&limit=50&includeActive=true',
    ),
  ).toEqual({ search: EXAMPLE_VIEW, ignored: [] });
});

test('the documented example re-serializes canonically, statuses in API order', () => {
  const { search: view } = parse(
    'status=incident&status=pending-approval&sort=createdDate.asc&page=3&limit=50&includeActive=true',
  );
  expect(serializeListSearch(view)).toBe(
    'status=pending-approval&status=incident&sort=createdDate.asc&page=3&limit=50&includeActive=true',
  );
});

test('every status is written by its slug, in API order', () => {
  const reversed = [...FILTERABLE_STATUSES].reverse();
  expect(serializeListSearch({ ...DEFAULT_LIST_SEARCH, statuses: reversed })).toBe(
    'status=needs-proctor&status=pending-approval&status=approval-denied&status=scheduled&status=incident&status=closed&status=processing',
  );
});

const viewArb: fc.Arbitrary<SessionListSearch> = fc.record({
  statuses: fc
    .subarray([...FILTERABLE_STATUSES])
    .map((chosen) => FILTERABLE_STATUSES.filter((status) => chosen.includes(status))),
  sort: fc.constantFrom(...SORTS),
  page: fc.integer({ min: 1, max: 100_000 }),
  limit: fc.constantFrom(...PAGE_SIZES),
  includeActive: fc.boolean(),
  timeZone: fc.constantFrom(...TIME_ZONE_CHOICES),
  refresh: fc.constantFrom(null, ...REFRESH_INTERVALS),
});

test('any valid view round-trips through its query string', () => {
  fc.assert(
    fc.property(viewArb, (view) => {
      const serialized = serializeListSearch(view);
      expect(parse(serialized)).toEqual({ search: view, ignored: [] });
      expect(isDefaultListSearch(view)).toBe(serialized === '');
    }),
    { numRuns: 500 },
  );
});

test('one bad key falls back alone: limit=33 keeps every other key', () => {
  expect(parse('status=closed&sort=createdDate.asc&page=4&limit=33&includeActive=true')).toEqual({
    search: {
      statuses: ['Closed'],
      sort: 'createdDate.asc',
      page: 4,
      limit: 25,
      includeActive: true,
      timeZone: 'viewer',
      refresh: null,
    },
    ignored: ['limit "33" (use 10, 25, 50, 100)'],
  });
});

test('a bad sort falls back to newest first and is reported', () => {
  expect(parse('sort=createdDate&page=2')).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, page: 2 },
    ignored: ['sort "createdDate" (use createdDate.desc or createdDate.asc)'],
  });
});

test('unknown keys are ignored and reported, the rest kept', () => {
  expect(parse('foo=1&page=2&bar=&foo=3&Page=9')).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, page: 2 },
    ignored: ['unknown "foo"', 'unknown "bar"', 'unknown "Page"'],
  });
});

test('bad status slugs are dropped and reported, good ones kept', () => {
  expect(parse('status=cancelled&status=incident&status=in-progress&status=')).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, statuses: ['Incident'] },
    ignored: [
      'status "cancelled" (not a status this list can filter on)',
      'status "in-progress" (not a status this list can filter on)',
      'status "" (not a status this list can filter on)',
    ],
  });
});

test('a status is read in any case, with spaces or underscores, and written as its slug', () => {
  const parsed = parse('status=Incident&status=Needs%20Proctor&status=PENDING_APPROVAL');
  expect(parsed).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, statuses: ['Needs Proctor', 'Pending Approval', 'Incident'] },
    ignored: [],
  });
  expect(serializeListSearch(parsed.search)).toBe(
    'status=needs-proctor&status=pending-approval&status=incident',
  );
});

test('duplicate statuses collapse to one', () => {
  const parsed = parse('status=closed&status=needs-proctor&status=closed&status=needs-proctor');
  expect(parsed).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, statuses: ['Needs Proctor', 'Closed'] },
    ignored: [],
  });
  expect(serializeListSearch(parsed.search)).toBe('status=needs-proctor&status=closed');
});

test('a page that is not a whole number from 1 to 100000 falls back to 1 and is reported', () => {
  for (const page of ['0', '-1', '2.5', 'abc', '999999999', '', '01', '1e3', ' 2', '100001']) {
    expect(parse(`page=${encodeURIComponent(page)}&limit=50`)).toEqual({
      search: { ...DEFAULT_LIST_SEARCH, limit: 50 },
      ignored: [`page "${page}" (use a whole number from 1)`],
    });
  }
});

test('page 100000 is the largest accepted page', () => {
  expect(parse('page=100000')).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, page: 100_000 },
    ignored: [],
  });
});

test('includeActive=TRUE is not a boolean and is reported', () => {
  expect(parse('includeActive=TRUE&status=scheduled')).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, statuses: ['Scheduled'] },
    ignored: ['includeActive "TRUE" (use true or false)'],
  });
  expect(parse('includeActive=1').ignored).toEqual(['includeActive "1" (use true or false)']);
});

test('tz=install and tz=utc parse to their choice and serialize last, in canonical order', () => {
  expect(parse('tz=utc')).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, timeZone: 'utc' },
    ignored: [],
  });
  expect(parse('tz=install&page=2')).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, page: 2, timeZone: 'install' },
    ignored: [],
  });
  expect(serializeListSearch({ ...EXAMPLE_VIEW, timeZone: 'install' })).toBe(
    'status=pending-approval&status=incident&sort=createdDate.asc&page=3&limit=50&includeActive=true&tz=install',
  );
  expect(isDefaultListSearch({ ...DEFAULT_LIST_SEARCH, timeZone: 'utc' })).toBe(false);
});

test('the viewer’s own zone is the default and never written', () => {
  expect(parse('').search.timeZone).toBe('viewer');
  expect(serializeListSearch({ ...DEFAULT_LIST_SEARCH, timeZone: 'viewer' })).toBe('');
});

test('a tz that is not install or utc falls back to the viewer’s zone and is reported', () => {
  for (const tz of ['viewer', 'UTC', 'Install', 'America/Chicago', 'local', '']) {
    expect(parse(`tz=${encodeURIComponent(tz)}&page=2`)).toEqual({
      search: { ...DEFAULT_LIST_SEARCH, page: 2 },
      ignored: [`tz "${tz}" (use install or utc)`],
    });
  }
});

test('a repeated tz uses the first value and reports the extra ones', () => {
  expect(parse('tz=utc&tz=install')).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, timeZone: 'utc' },
    ignored: ['extra "tz" values (install)'],
  });
});

test('a limit outside the page sizes is reported', () => {
  for (const limit of ['0', '5', '101', '25.0', 'abc', '']) {
    expect(parse(`limit=${limit}`)).toEqual({
      search: DEFAULT_LIST_SEARCH,
      ignored: [`limit "${limit}" (use 10, 25, 50, 100)`],
    });
  }
  expect(parse('limit=10').search.limit).toBe(10);
  expect(parse('limit=100').search.limit).toBe(100);
});

test('a repeated single key uses the first value and reports the extra ones', () => {
  expect(parse('sort=createdDate.asc&sort=createdDate.desc')).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, sort: 'createdDate.asc' },
    ignored: ['extra "sort" values (createdDate.desc)'],
  });
  expect(parse('page=2&page=3&page=4')).toEqual({
    search: { ...DEFAULT_LIST_SEARCH, page: 2 },
    ignored: ['extra "page" values (3, 4)'],
  });
});

test('a repeated single key with a bad first value reports both and falls back', () => {
  expect(parse('limit=7&limit=50')).toEqual({
    search: DEFAULT_LIST_SEARCH,
    ignored: ['extra "limit" values (50)', 'limit "7" (use 10, 25, 50, 100)'],
  });
});

test('toListQuery computes offset = (page − 1) × limit and maps sort to ASC', () => {
  expect(toListQuery(EXAMPLE_VIEW)).toEqual({
    offset: 100,
    limit: 50,
    sortOrder: 'ASC',
    statuses: ['Pending Approval', 'Incident'],
    includeActive: true,
  });
});

test('toListQuery of the default view asks for the first 25, newest first', () => {
  expect(toListQuery(DEFAULT_LIST_SEARCH)).toEqual({
    offset: 0,
    limit: 25,
    sortOrder: 'DESC',
    statuses: [],
    includeActive: false,
  });
});

test('toListQuery offset matches (page − 1) × limit for any view', () => {
  fc.assert(
    fc.property(viewArb, (view) => {
      const query = toListQuery(view);
      expect(query.offset).toBe((view.page - 1) * view.limit);
      expect(Number.isSafeInteger(query.offset)).toBe(true);
      expect(query.sortOrder).toBe(view.sort === 'createdDate.asc' ? 'ASC' : 'DESC');
    }),
    { numRuns: 200 },
  );
});

const ON_PAGE_4: SessionListSearch = {
  statuses: ['Incident'],
  sort: 'createdDate.desc',
  page: 4,
  limit: 25,
  includeActive: false,
  timeZone: 'viewer',
  refresh: null,
};

test('changing statuses returns to page 1 and keeps statuses in API order', () => {
  expect(changeListSearch(ON_PAGE_4, { statuses: ['Incident', 'Needs Proctor'] })).toEqual({
    ...ON_PAGE_4,
    statuses: ['Needs Proctor', 'Incident'],
    page: 1,
  });
  expect(changeListSearch(ON_PAGE_4, { statuses: [] })).toEqual({
    ...ON_PAGE_4,
    statuses: [],
    page: 1,
  });
});

test('changing sort, page size or includeActive returns to page 1', () => {
  expect(changeListSearch(ON_PAGE_4, { sort: 'createdDate.asc' })).toEqual({
    ...ON_PAGE_4,
    sort: 'createdDate.asc',
    page: 1,
  });
  expect(changeListSearch(ON_PAGE_4, { limit: 100 })).toEqual({
    ...ON_PAGE_4,
    limit: 100,
    page: 1,
  });
  expect(changeListSearch(ON_PAGE_4, { includeActive: true })).toEqual({
    ...ON_PAGE_4,
    includeActive: true,
    page: 1,
  });
});

test('changing only the page keeps the new page and everything else', () => {
  expect(changeListSearch(ON_PAGE_4, { page: 7 })).toEqual({ ...ON_PAGE_4, page: 7 });
  expect(changeListSearch(ON_PAGE_4, { page: 1 })).toEqual({ ...ON_PAGE_4, page: 1 });
});

test('an explicit page given with another change is kept', () => {
  expect(changeListSearch(ON_PAGE_4, { sort: 'createdDate.asc', page: 2 })).toEqual({
    ...ON_PAGE_4,
    sort: 'createdDate.asc',
    page: 2,
  });
});

test('a change that changes nothing keeps the page', () => {
  expect(changeListSearch(ON_PAGE_4, {})).toEqual(ON_PAGE_4);
  expect(changeListSearch(ON_PAGE_4, { sort: 'createdDate.desc', limit: 25 })).toEqual(ON_PAGE_4);
  expect(changeListSearch(ON_PAGE_4, { statuses: ['Incident'] })).toEqual(ON_PAGE_4);
});

test('changing the time zone keeps the page: the same rows, read in another zone', () => {
  expect(changeListSearch(ON_PAGE_4, { timeZone: 'utc' })).toEqual({
    ...ON_PAGE_4,
    timeZone: 'utc',
  });
});

test('changing the auto-refresh keeps the page: the same rows, fetched again now and then', () => {
  expect(changeListSearch(ON_PAGE_4, { refresh: 30 })).toEqual({ ...ON_PAGE_4, refresh: 30 });
  expect(changeListSearch({ ...ON_PAGE_4, refresh: 30 }, { refresh: null })).toEqual(ON_PAGE_4);
});

test('refresh=15, 30, 60 and 300 parse to seconds and serialize last; off is never written', () => {
  for (const seconds of REFRESH_INTERVALS) {
    expect(parse(`refresh=${seconds}`)).toEqual({
      search: { ...DEFAULT_LIST_SEARCH, refresh: seconds },
      ignored: [],
    });
  }
  expect(serializeListSearch({ ...EXAMPLE_VIEW, timeZone: 'utc', refresh: 60 })).toBe(
    'status=pending-approval&status=incident&sort=createdDate.asc&page=3&limit=50&includeActive=true&tz=utc&refresh=60',
  );
  expect(serializeListSearch({ ...DEFAULT_LIST_SEARCH, refresh: null })).toBe('');
});

test('a refresh that is not one of the offered intervals is dropped and reported, the rest kept', () => {
  for (const bad of ['10', '0', '015', '30s', 'off', '1e2', '']) {
    const { search, ignored } = parse(`status=incident&refresh=${bad}&page=2`);
    expect(search).toEqual({
      ...DEFAULT_LIST_SEARCH,
      statuses: ['Incident'],
      page: 2,
      refresh: null,
    });
    expect(ignored).toEqual([`refresh "${bad}" (use 15, 30, 60, 300 seconds)`]);
  }
});

test('resetting the view returns to the default view but keeps the time zone and auto-refresh', () => {
  expect(resetListSearch({ ...EXAMPLE_VIEW, timeZone: 'install', refresh: 15 })).toEqual({
    ...DEFAULT_LIST_SEARCH,
    timeZone: 'install',
    refresh: 15,
  });
  expect(resetListSearch(EXAMPLE_VIEW)).toEqual(DEFAULT_LIST_SEARCH);
});

test('lastPage is at least 1 and rounds up', () => {
  expect(lastPage(0, 25)).toBe(1);
  expect(lastPage(1, 25)).toBe(1);
  expect(lastPage(25, 25)).toBe(1);
  expect(lastPage(26, 25)).toBe(2);
  expect(lastPage(137, 25)).toBe(6);
  expect(lastPage(100, 10)).toBe(10);
});

// ---------------------------------------------------------------------------
// Any query string: never throws, and the serialization is a fixed point.
// ---------------------------------------------------------------------------

const REAL_KEYS = ['status', 'sort', 'page', 'limit', 'includeActive', 'tz', 'refresh'];
const REAL_VALUES = [
  ...Object.values(STATUS_SLUGS),
  ...SORTS,
  ...PAGE_SIZES.map(String),
  'true',
  'false',
  '1',
  '2',
  '3',
  '100000',
  '100001',
  'install',
  'utc',
  ...REFRESH_INTERVALS.map(String),
];
const JUNK = [
  '',
  '%',
  '%%',
  '%zz',
  '%E2%82%AC',
  '%C3%28',
  '%00',
  '&',
  '=',
  '==',
  '+',
  '+true',
  'stat%75s',
  'pa%67e',
  'status ',
  ' page',
  'Status',
  'TRUE',
  '-1',
  '0',
  '2.5',
  '1e3',
  'NaN',
  'Infinity',
  '__proto__',
  'constructor',
  'toString',
  '?',
  '#',
  'é',
  '💥',
  '\u0000',
  '\uD800',
  'in-progress',
  'cancelled',
];

const keyArb = fc.oneof(
  fc.constantFrom(...REAL_KEYS),
  fc.constantFrom(...JUNK),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const valueArb = fc.oneof(
  fc.constantFrom(...REAL_VALUES),
  fc.constantFrom(...JUNK),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer().map(String),
);
const pairsArb = fc.array(fc.tuple(keyArb, valueArb), { maxLength: 12 });

/** Raw, unencoded joins so that `&`, `=`, `%` and `+` inside keys and values stay meaningful. */
const rawQueryArb = fc
  .tuple(pairsArb, fc.constantFrom('', '?'), fc.constantFrom('&', '&&'))
  .map(
    ([pairs, lead, separator]) =>
      lead + pairs.map(([key, value]) => `${key}=${value}`).join(separator),
  );

/** The same pairs, properly encoded, so every key and value reaches the parser as written. */
const encodedQueryArb = pairsArb.map((pairs) => new URLSearchParams(pairs).toString());

const anyQueryArb = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  rawQueryArb,
  encodedQueryArb,
);

test('for any query string, parsing never throws and the serialization is a fixed point', () => {
  fc.assert(
    fc.property(anyQueryArb, (query) => {
      const { search: view } = parseListSearch(new URLSearchParams(query));

      expect(view.statuses).toEqual(
        FILTERABLE_STATUSES.filter((status) => view.statuses.includes(status)),
      );
      expect(SORTS).toContain(view.sort);
      expect(Number.isInteger(view.page)).toBe(true);
      expect(view.page).toBeGreaterThanOrEqual(1);
      expect(view.page).toBeLessThanOrEqual(100_000);
      expect(PAGE_SIZES).toContain(view.limit);
      expect(typeof view.includeActive).toBe('boolean');
      expect(TIME_ZONE_CHOICES).toContain(view.timeZone);
      expect([null, ...REFRESH_INTERVALS]).toContain(view.refresh);

      const serialized = serializeListSearch(view);
      const reparsed = parseListSearch(new URLSearchParams(serialized));
      expect(reparsed).toEqual({ search: view, ignored: [] });
      expect(serializeListSearch(reparsed.search)).toBe(serialized);
    }),
    { numRuns: 1000 },
  );
});

test('any query with an unknown key reports something as ignored', () => {
  fc.assert(
    fc.property(pairsArb, (pairs) => {
      const params = new URLSearchParams(pairs);
      const { ignored } = parseListSearch(params);
      const hasUnknownKey = [...params.keys()].some((key) => !REAL_KEYS.includes(key));
      if (hasUnknownKey) expect(ignored.length).toBeGreaterThan(0);
    }),
    { numRuns: 300 },
  );
});

test('changeListSearch keeps the page when the same statuses arrive in another order', () => {
  const view = {
    ...DEFAULT_LIST_SEARCH,
    page: 4,
    statuses: ['Pending Approval', 'Incident'],
  } satisfies SessionListSearch;
  expect(changeListSearch(view, { statuses: ['Incident', 'Pending Approval'] }).page).toBe(4);
});

const INVALID_KEY_NOTE =
  'Part of this link was not valid and was ignored: unknown "foo"; sort "sideways" (use createdDate.desc or createdDate.asc).';

function plan(current: string, pageCount: PageCount, carriedNotice: string | null = null) {
  return planListSearchRepair({ current, parsed: parse(current), pageCount, carriedNotice });
}

test('a canonical link needs no repair, whatever is known of the page count', () => {
  for (const pageCount of ['pending', 'unknown', 1, 7] as const) {
    expect(plan('', pageCount)).toBeNull();
  }
  expect(plan('?status=incident&page=3', 5)).toBeNull();
  expect(plan('status=incident&page=3', 'pending')).toBeNull();
});

test('invalid parts on page 1 are repaired at once, before any count is known', () => {
  expect(plan('?foo=1&sort=sideways', 'pending')).toEqual({
    search: '',
    notice: INVALID_KEY_NOTE,
  });
});

test('a non-canonical order is repaired without a notice', () => {
  expect(plan('?includeActive=false&status=closed&status=incident', 'pending')).toEqual({
    search: 'status=incident&status=closed',
    notice: '',
  });
});

test('beyond page 1 the repair waits for the count, then fixes invalid parts and the page in one replace', () => {
  expect(plan('?foo=1&sort=sideways&page=9', 'pending')).toBeNull();
  expect(plan('?foo=1&sort=sideways&page=9', 3)).toEqual({
    search: 'page=3',
    notice: `${INVALID_KEY_NOTE} Page 9 is past the end of this view, which has 3 pages; showing page 3.`,
  });
});

test('a page within the count keeps its number while invalid parts are dropped', () => {
  expect(plan('?foo=1&sort=sideways&page=2', 3)).toEqual({
    search: 'page=2',
    notice: INVALID_KEY_NOTE,
  });
});

test('when the count cannot be known, invalid parts are still dropped and the page is kept', () => {
  expect(plan('?foo=1&sort=sideways&page=9', 'unknown')).toEqual({
    search: 'page=9',
    notice: INVALID_KEY_NOTE,
  });
});

test('an invalid tz is dropped in the one repair, with the usual notice, keeping a valid one', () => {
  expect(plan('?tz=mars&status=closed', 'pending')).toEqual({
    search: 'status=closed',
    notice: 'Part of this link was not valid and was ignored: tz "mars" (use install or utc).',
  });
  expect(plan('?tz=utc&status=closed', 'pending')).toEqual({
    search: 'status=closed&tz=utc',
    notice: '',
  });
  expect(plan('?status=closed&tz=utc', 'pending')).toBeNull();
});

test('a later clamp keeps what an earlier repair of the same entry said', () => {
  expect(plan('?page=4', 1, INVALID_KEY_NOTE)).toEqual({
    search: '',
    notice: `${INVALID_KEY_NOTE} Page 4 is past the end of this view, which has 1 page; showing page 1.`,
  });
});

test('for any query and page count, a planned repair is canonical and needs no further repair', () => {
  fc.assert(
    fc.property(
      anyQueryArb,
      fc.oneof(fc.constant<PageCount>('unknown'), fc.integer({ min: 1, max: 200 })),
      (query, pageCount) => {
        const repair = plan(query, pageCount);
        if (repair === null) return;
        expect(serializeListSearch(parse(repair.search).search)).toBe(repair.search);
        expect(plan(repair.search, pageCount, repair.notice)).toBeNull();
      },
    ),
    { numRuns: 300 },
  );
});
