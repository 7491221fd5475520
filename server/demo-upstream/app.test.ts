import { expect, test } from 'vitest';
import { z } from 'zod';
import { sessionListPath, upstreamSessionListSchema } from '#src/api/contract/session-list.ts';
import { createDemoUpstreamApp } from './app.ts';
import { DEMO_SIDS, createDemoData, faultSids, tripleKey } from './data.ts';

const TOKEN = 'demo-test-token';
const NOW = new Date('2026-11-20T12:00:00.000Z');
const app = createDemoUpstreamApp({ token: TOKEN, now: NOW, slowDelayMs: 10 });
const busyPath = sessionListPath(DEMO_SIDS.busy);

async function get(path: string, token: string | null = TOKEN) {
  const response = await app.request(path, { headers: token === null ? {} : { token } });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as unknown,
  };
}

async function list(search: string) {
  const response = await get(`${busyPath}${search}`);
  expect(response.status).toBe(200);
  return upstreamSessionListSchema.parse(response.body);
}

test('the data is deterministic and holds every status, with null appointments when unscheduled', () => {
  const first = createDemoData(NOW).get(tripleKey(DEMO_SIDS.busy)) ?? [];
  const second = createDemoData(NOW).get(tripleKey(DEMO_SIDS.busy)) ?? [];

  expect(first).toHaveLength(163);
  expect(second).toEqual(first);
  expect(new Set(first.map((session) => session.status))).toEqual(
    new Set([
      'Needs Proctor',
      'Pending Approval',
      'Approval Denied',
      'Scheduled',
      'Incident',
      'Closed',
      'Processing',
      'Cancelled',
      'In Progress',
    ]),
  );
  for (const session of first) {
    expect(session.sid).toMatch(/^ES[a-f0-9]{32}$/);
    expect(session.createdDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(session.editDate >= session.createdDate).toBe(true);
    if (session.status === 'Needs Proctor') expect(session.appointmentDate).toBeNull();
    if (session.status === 'Scheduled') {
      expect(session.appointmentDate ?? '').toMatch(/Z$/);
      expect((session.appointmentDate ?? '') > NOW.toISOString()).toBe(true);
    }
  }
  expect(first.some((session) => session.sessionType === null)).toBe(true);
  expect(createDemoData(NOW).get(tripleKey(DEMO_SIDS.handful))).toHaveLength(5);
  expect(createDemoData(NOW).get(tripleKey(DEMO_SIDS.empty))).toEqual([]);
});

test('pages add up to the total, with sibling-style absolute links', async () => {
  const first = await list('?limit=50&offset=0');
  const last = await list('?limit=50&offset=150');

  expect(first).toMatchObject({ total: 162, count: 50, offset: 0 });
  expect(last).toMatchObject({ total: 162, count: 12, offset: 150, next: null });
  expect(first.first).toBe(`http://localhost${busyPath}?limit=50`);
  expect(first.next).toBe(`http://localhost${busyPath}?limit=50&offset=50`);
  expect(first.prev).toBeNull();
  expect(first.last).toBe(`http://localhost${busyPath}?limit=50&offset=150`);
  expect(last.prev).toBe(`http://localhost${busyPath}?limit=50&offset=100`);
});

test('status values in links are written unencoded, like the sibling API', async () => {
  const page = await list('?limit=5&status=Needs%20Proctor');

  expect(page.next).toBe(`http://localhost${busyPath}?limit=5&status=Needs Proctor&offset=5`);
});

test('sort order defaults to ASC on createdDate; DESC reverses it', async () => {
  const byDefault = await list('');
  const descending = await list('?sortOrder=DESC');
  const dates = byDefault.results.map((row) => row.createdDate ?? '');

  expect(byDefault.count).toBe(162);
  expect(dates).toEqual([...dates].sort());
  expect(descending.results).toEqual([...byDefault.results].reverse());
});

test('without a limit every matching row is returned', async () => {
  const page = await list('?status=Closed');

  expect(page).toMatchObject({ total: 60, count: 60, next: null, last: null });
});

test('status filters; In Progress appears only with includeActive=true', async () => {
  const incidents = await list('?status=Incident&limit=100');
  const withActive = await list('?status=Incident&includeActive=true&limit=100');

  expect(incidents.total).toBe(9);
  expect(incidents.results.every((row) => row.status === 'Incident')).toBe(true);
  expect(withActive.total).toBe(10);
  expect(withActive.results.some((row) => row.status === 'In Progress')).toBe(true);
});

test('without the right token the answer is 403 AUTHENTICATIONFAILED', async () => {
  for (const token of [null, 'wrong-token']) {
    const response = await get(busyPath, token);
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ code: 'AUTHENTICATIONFAILED', status: 403 });
  }
});

test('bad sids and bad query values answer 400 {code, message, status}', async () => {
  const badSid = await get(sessionListPath({ ...DEMO_SIDS.busy, examSid: 'EX123' }));
  const badQuery = await get(`${busyPath}?limit=abc&sortOrder=up`);

  const documentedError = z.strictObject({
    code: z.literal('INVALIDINPUT'),
    message: z.string(),
    status: z.literal(400),
  });
  expect([badSid.status, badQuery.status]).toEqual([400, 400]);
  expect(documentedError.parse(badSid.body).message).toContain('exam sid');
  expect(documentedError.parse(badQuery.body).message).toContain('"sortOrder"');
});

test('an unknown or mixed-up triple answers 404 RESOURCENOTFOUND', async () => {
  const mixed = { ...DEMO_SIDS.busy, examSid: DEMO_SIDS.handful.examSid };

  const response = await get(sessionListPath(mixed));

  expect(response.status).toBe(404);
  expect(response.body).toMatchObject({ code: 'RESOURCENOTFOUND', status: 404 });
});

test('fault hooks fail the way they are named', async () => {
  const rateLimited = await app.request(sessionListPath(faultSids('rateLimited')), {
    headers: { token: TOKEN },
  });
  const upstreamError = await app.request(sessionListPath(faultSids('upstreamError')), {
    headers: { token: TOKEN },
  });
  const malformed = await get(sessionListPath(faultSids('malformed')));
  const slow = await get(sessionListPath(faultSids('slow')));

  expect(rateLimited.status).toBe(429);
  expect(rateLimited.headers.get('retry-after')).toBe('30');
  expect(upstreamError.status).toBe(500);
  expect(upstreamError.headers.get('content-type')).toContain('text/html');
  expect(upstreamSessionListSchema.safeParse(malformed.body).success).toBe(false);
  expect(slow.status).toBe(200);
  expect((await get(sessionListPath(faultSids('tokenRefused')))).status).toBe(403);
  expect((await get(sessionListPath(faultSids('notFound')))).status).toBe(404);
});
