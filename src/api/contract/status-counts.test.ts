import { expect, test } from 'vitest';
import { parseRequest } from '#src/api/contract/endpoint.ts';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { DEFAULT_LIST_QUERY } from '#src/api/contract/session-list.ts';
import { FILTERABLE_STATUSES } from '#src/api/contract/session-status.ts';
import {
  statusCountQueries,
  statusCountsFromTotals,
  statusCountsEndpoint,
  statusCountsSource,
  statusCountsResponseSchema,
} from '#src/api/contract/status-counts.ts';

const parseStatusCountsRequest = (
  sids: Readonly<Record<string, string>>,
  params: URLSearchParams,
) => parseRequest(statusCountsEndpoint, statusCountsSource.parseQuery, sids, params);

const SIDS = {
  installSid: `AI${'a'.repeat(32)}`,
  enrollmentSid: `EN${'b'.repeat(32)}`,
  examSid: `EX${'c'.repeat(32)}`,
};

test('a counts request takes the sids and includeActive, false when absent', () => {
  expect(parseStatusCountsRequest(SIDS, new URLSearchParams('includeActive=true'))).toEqual({
    ok: true,
    value: { sids: SIDS, query: { includeActive: true } },
  });
  expect(parseStatusCountsRequest(SIDS, new URLSearchParams(''))).toEqual({
    ok: true,
    value: { sids: SIDS, query: { includeActive: false } },
  });
});

test('anything else is refused, each problem named in plain words', () => {
  const result = parseStatusCountsRequest(
    { ...SIDS, examSid: 'EX123' },
    new URLSearchParams('includeActive=1&offset=25&status=Incident'),
  );

  expect(result).toEqual({
    ok: false,
    problems: [
      'The exam sid must be EX followed by 32 lowercase hexadecimal characters (0-9, a-f).',
      '"offset" is not a query parameter of the session counts.',
      '"status" is not a query parameter of the session counts.',
      '"includeActive" must be true or false (got "1").',
    ],
  });
  expect(
    parseStatusCountsRequest(SIDS, new URLSearchParams('includeActive=true&includeActive=false')),
  ).toEqual({ ok: false, problems: ['"includeActive" was given 2 times; give it once.'] });
});

test('the counts path sits beside the list, never where the detail route reads a session sid', () => {
  const path = statusCountsEndpoint.apiPath(SIDS, { includeActive: true });

  expect(path).toBe(
    `/api/v1/installs/${SIDS.installSid}/enrollments/${SIDS.enrollmentSid}/exams/${SIDS.examSid}/session-counts?includeActive=true`,
  );
  const detailPrefix = `/api/v1${buildPath(PAGE_ROUTES.sessions, SIDS)}/`;
  expect(path.startsWith(detailPrefix)).toBe(false);
});

test('each status is counted alone, with one row of the first page', () => {
  const queries = statusCountQueries({ includeActive: false });
  expect(queries).toHaveLength(7);
  expect(queries[4]).toEqual({
    ...DEFAULT_LIST_QUERY,
    offset: 0,
    limit: 1,
    statuses: ['Incident'],
    includeActive: false,
  });
});

test('with in-progress sessions shown, they are counted once on their own; the statuses stay alone', () => {
  const queries = statusCountQueries({ includeActive: true });
  expect(queries.slice(0, 7)).toEqual(statusCountQueries({ includeActive: false }));
  expect(queries[7]).toMatchObject({ statuses: [...FILTERABLE_STATUSES], includeActive: true });

  // 14 + 12 + 8 + 22 + 9 + 60 + 10 = 135 without them, 136 with them: one in progress.
  const response = statusCountsFromTotals([14, 12, 8, 22, 9, 60, 10, 136]);
  expect(response.counts.Incident).toBe(9);
  expect(response.inProgress).toBe(1);
  expect(statusCountsFromTotals([14, 12, 8, 22, 9, 60, 10]).inProgress).toBeNull();
  expect(statusCountsFromTotals([14, 12, null, 22, 9, 60, 10, 136]).inProgress).toBeNull();
  // An API that does not add them on top reads as none, never as a negative count.
  expect(statusCountsFromTotals([14, 12, 8, 22, 9, 60, 10, 9]).inProgress).toBe(0);
});

test('the answer has every filterable status, each a count or null', () => {
  const counts = {
    'Needs Proctor': 1,
    'Pending Approval': 0,
    'Approval Denied': null,
    Scheduled: 2,
    Incident: 9,
    Closed: 60,
    Processing: 10,
  };
  expect(statusCountsResponseSchema.safeParse({ counts, inProgress: null }).success).toBe(true);
  const missingOne = Object.fromEntries(
    Object.entries(counts).filter(([status]) => status !== 'Processing'),
  );
  expect(
    statusCountsResponseSchema.safeParse({ counts: missingOne, inProgress: null }).success,
  ).toBe(false);
  expect(
    statusCountsResponseSchema.safeParse({ counts: { ...counts, Closed: -1 }, inProgress: null })
      .success,
  ).toBe(false);
});
