import { expect, test } from 'vitest';
import { parseRequest } from '#src/api/contract/endpoint.ts';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { DEFAULT_LIST_QUERY } from '#src/api/contract/session-list.ts';
import {
  statusCountListQuery,
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

test('a status is counted with one row of the first page, under the same includeActive', () => {
  expect(statusCountListQuery('Incident', { includeActive: true })).toEqual({
    ...DEFAULT_LIST_QUERY,
    offset: 0,
    limit: 1,
    statuses: ['Incident'],
    includeActive: true,
  });
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
  expect(statusCountsResponseSchema.safeParse({ counts }).success).toBe(true);
  const missingOne = Object.fromEntries(
    Object.entries(counts).filter(([status]) => status !== 'Processing'),
  );
  expect(statusCountsResponseSchema.safeParse({ counts: missingOne }).success).toBe(false);
  expect(statusCountsResponseSchema.safeParse({ counts: { ...counts, Closed: -1 } }).success).toBe(
    false,
  );
});
