import { matchPath } from 'react-router';
import { expect, test } from 'vitest';
import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { sessionListEndpoint } from '#src/api/contract/session-list.ts';

const SIDS = {
  installSid: `AI${'1'.repeat(32)}`,
  enrollmentSid: `EN${'2'.repeat(32)}`,
  examSid: `EX${'3'.repeat(32)}`,
};

test('a filled pattern puts each param in its place and appends the query', () => {
  expect(buildPath(sessionListEndpoint.route, SIDS, 'offset=0&limit=25')).toBe(
    `/v1/installs/${SIDS.installSid}/enrollments/${SIDS.enrollmentSid}/exams/${SIDS.examSid}/sessions?offset=0&limit=25`,
  );
  expect(buildPath(PAGE_ROUTES.sessions, SIDS, new URLSearchParams())).toBe(
    `/installs/${SIDS.installSid}/enrollments/${SIDS.enrollmentSid}/exams/${SIDS.examSid}/sessions`,
  );
});

test('param values are URL-encoded, so no value can add a path segment or a query', () => {
  const path = buildPath(PAGE_ROUTES.sessions, { ...SIDS, examSid: '../x?y=1#z' });
  expect(path).toContain('/exams/..%2Fx%3Fy%3D1%23z/sessions');
  expect(new URL(path, 'https://api.example').pathname).toBe(path);
});

test('a value that would drop or climb a segment is refused, not filled in', () => {
  for (const examSid of ['', '.', '..']) {
    expect(() => buildPath(PAGE_ROUTES.sessions, { ...SIDS, examSid })).toThrow(
      'The route param "examSid" must not be empty, "." or "..".',
    );
  }
});

test('the router matches a filled page path back to the same params', () => {
  const path = buildPath(PAGE_ROUTES.sessions, SIDS);
  expect(matchPath(PAGE_ROUTES.sessions, path)?.params).toEqual(SIDS);
});
