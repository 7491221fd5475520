import { expect, onTestFinished, test, vi } from 'vitest';
import { z } from 'zod';
import {
  installSettingsEndpoint,
  installSettingsSchema,
  type InstallSettingsSids,
} from '#src/api/contract/install-settings.ts';
import {
  sessionDetailEndpoint,
  sessionDetailSource,
  type SessionDetailSids,
} from '#src/api/contract/session-detail.ts';
import {
  sessionListEndpoint,
  sessionRowSchema,
  upstreamSessionListSchema,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import {
  SESSION_RECORD_ENDPOINTS,
  type SessionRecordKind,
} from '#src/api/contract/session-records.ts';
import { buildPath } from '#src/api/contract/routes.ts';
import {
  userProfileEndpoint,
  userProfileSchema,
  type UserProfileSids,
} from '#src/api/contract/user-profile.ts';
import {
  createDemoUpstreamApp,
  HUGE_BODY_BYTES,
  startDemoUpstream,
  type DemoUpstreamOptions,
} from '#server/demo-upstream/app.ts';
import {
  DEMO_SESSION_SIDS,
  DEMO_SIDS,
  createDemoData,
  faultSids,
  LIVE_SESSION,
  tripleKey,
  type DemoFaultName,
} from '#server/demo-upstream/data.ts';
import { createDemoWorld } from '#server/demo-upstream/detail-data.ts';
import { DEMO_INSTALLS, DEMO_USERS } from '#server/demo-upstream/detail-fixtures.ts';
import { createDemoUserToken, issuerTokenVerifier } from '#server/demo-upstream/user-tokens.ts';
import { startDemoProvider, type DemoProvider } from '#server/identity/demo-provider.ts';

const TOKEN = 'demo-test-token';
const NOW = new Date('2026-11-20T12:00:00.000Z');
const app = createDemoUpstreamApp({ token: TOKEN, now: NOW, slowDelayMs: 10 });

/** Upstream paths without a query, as the demo upstream is asked for them. */
const sessionListPath = (sids: SessionListSids) => buildPath(sessionListEndpoint.route, sids);
const sessionDetailPath = (sids: SessionDetailSids) => sessionDetailEndpoint.path(sids, undefined);
const userProfilePath = (sids: UserProfileSids) => userProfileEndpoint.path(sids, undefined);
const installSettingsPath = (sids: InstallSettingsSids) =>
  installSettingsEndpoint.path(sids, undefined);

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

test('the live learner has one session edited at the start of each 10-second window, and only that', async () => {
  const livePath = sessionListPath(DEMO_SIDS.live);
  const at = async (time: string) => {
    vi.useFakeTimers({ now: new Date(time), toFake: ['Date'] });
    try {
      const response = await get(`${livePath}?limit=100`);
      return upstreamSessionListSchema.parse(response.body).results;
    } finally {
      vi.useRealTimers();
    }
  };
  const first = await at('2026-11-20T12:00:03.500Z');
  const sameWindow = await at('2026-11-20T12:00:09.999Z');
  const nextWindow = await at('2026-11-20T12:00:14.000Z');
  const edited = (rows: typeof first) => rows.find((row) => row.sid === LIVE_SESSION.sid);

  expect(first).toHaveLength(6);
  expect(edited(first)).toMatchObject({
    status: 'Needs Proctor',
    editDate: '2026-11-20T12:00:00.000Z',
  });
  expect(sameWindow).toEqual(first);
  expect(edited(nextWindow)?.editDate).toBe('2026-11-20T12:00:10.000Z');
  // Nothing else moves, so other tests can count and compare rows.
  const others = (rows: readonly { sid: string; editDate?: string | null }[]) =>
    rows
      .filter((row) => row.sid !== LIVE_SESSION.sid)
      .map((row) => `${row.sid} ${row.editDate ?? ''}`)
      .sort();
  expect(others(nextWindow)).toEqual(others(first));
  expect(others(first)).toEqual(others(createDemoData(NOW).get(tripleKey(DEMO_SIDS.live)) ?? []));
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
  expect(rateLimited.headers.get('retry-after')).toBe('5');
  expect(upstreamError.status).toBe(500);
  expect(upstreamError.headers.get('content-type')).toContain('text/html');
  expect(upstreamSessionListSchema.safeParse(malformed.body).success).toBe(false);
  expect(slow.status).toBe(200);
  expect((await get(sessionListPath(faultSids('tokenRefused')))).status).toBe(403);
  expect((await get(sessionListPath(faultSids('notFound')))).status).toBe(404);
});

test('through app.request (no socket to reset), the connection reset fault is a body that fails', async () => {
  const response = await app.request(sessionListPath(faultSids('connectionReset')), {
    headers: { token: TOKEN },
  });

  await expect(response.text()).rejects.toThrow(/reset the connection/);
});

// ---------------------------------------------------------------------------
// Faults below HTTP, over a real socket
// ---------------------------------------------------------------------------

/** A demo upstream on a loopback port, closed when the test ends. */
async function serve(options: Partial<DemoUpstreamOptions> = {}) {
  const server = await startDemoUpstream({ token: TOKEN, now: NOW, ...options });
  onTestFinished(() => server.close());
  return server;
}

function fetchFault(
  origin: string,
  fault: DemoFaultName,
  init: { signal?: AbortSignal; search?: string } = {},
) {
  return fetch(`${origin}${sessionListPath(faultSids(fault))}${init.search ?? ''}`, {
    headers: { token: TOKEN },
    signal: init.signal,
  });
}

test('the connection reset fault drops the connection without an answer', async () => {
  const { url } = await serve();

  const error: unknown = await fetchFault(url, 'connectionReset').catch((e: unknown) => e);

  expect(error).toBeInstanceOf(TypeError);
  expect(String((error as Error).cause)).toMatch(/ECONNRESET|socket|closed/i);
});

test('the huge body fault sends a valid list of at least 50 MB, whatever the limit', async () => {
  const { url } = await serve();

  const response = await fetchFault(url, 'hugeBody', { search: '?limit=5' });
  const text = await response.text();
  const body = z
    .object({
      total: z.number(),
      count: z.number(),
      offset: z.number(),
      results: z.array(z.unknown()),
    })
    .parse(JSON.parse(text));

  expect(response.status).toBe(200);
  expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(HUGE_BODY_BYTES);
  expect(body.total).toBe(body.results.length);
  expect(body.count).toBe(body.results.length);
  // Every row checked would take longer than the download; a spread of them is enough.
  for (let index = 0; index < body.results.length; index += 997) {
    expect(sessionRowSchema.safeParse(body.results[index]).success).toBe(true);
  }
  const sids = new Set(body.results.map((row) => sessionRowSchema.parse(row).sid));
  expect(sids.size).toBe(body.results.length);
}, 30_000);

test('the endless stream fault keeps sending rows until the client goes away, then stops', async () => {
  let closedWith = (_bytesSent: number) => {};
  const closed = new Promise<number>((resolve) => (closedWith = resolve));
  const { url } = await serve({ onStreamClosed: (bytesSent) => closedWith(bytesSent) });
  const abort = new AbortController();

  const response = await fetchFault(url, 'endlessStream', { signal: abort.signal });
  const reader = response.body?.getReader();
  let received = 0;
  let start = '';
  while (reader !== undefined && received < 12 * 1024 * 1024) {
    const { value } = await reader.read();
    if (value === undefined) break;
    if (start === '') start = new TextDecoder().decode(value.slice(0, 40));
    received += value.byteLength;
  }
  abort.abort();
  const bytesSent = await closed;

  expect(start).toMatch(/^\{"total":\d+/);
  expect(received).toBeGreaterThanOrEqual(12 * 1024 * 1024);
  // What was made but not read is at most what the sockets' buffers hold, not more rows.
  expect(bytesSent).toBeGreaterThanOrEqual(received);
  expect(bytesSent - received).toBeLessThan(16 * 1024 * 1024);
}, 30_000);

test('the slow trickle fault sends a small valid list a few bytes at a time over slowDelayMs', async () => {
  const slowDelayMs = 400;
  const { url } = await serve({ slowDelayMs });
  const started = performance.now();

  const response = await fetchFault(url, 'slowTrickle');
  const headersAfter = performance.now() - started;
  const reader = response.body?.getReader();
  let text = '';
  let reads = 0;
  for (;;) {
    const chunk = await reader?.read();
    if (chunk?.value === undefined) break;
    text += new TextDecoder().decode(chunk.value);
    reads += 1;
  }
  const elapsed = performance.now() - started;

  expect(headersAfter).toBeLessThan(slowDelayMs);
  expect(elapsed).toBeGreaterThanOrEqual(slowDelayMs);
  expect(reads).toBeGreaterThan(10);
  expect(upstreamSessionListSchema.parse(JSON.parse(text))).toMatchObject({ total: 5, count: 5 });
});

test('the trickle stops when the client gives up', async () => {
  let closedWith = (_bytesSent: number) => {};
  const closed = new Promise<number>((resolve) => (closedWith = resolve));
  const { url } = await serve({
    slowDelayMs: 60_000,
    onStreamClosed: (bytesSent) => closedWith(bytesSent),
  });

  const response = await fetchFault(url, 'slowTrickle', { signal: AbortSignal.timeout(300) });
  await expect(response.text()).rejects.toThrow();

  // Well before the 60 s the whole answer would take.
  expect(await closed).toBeLessThan(100);
});

// ---------------------------------------------------------------------------
// Tokens and the request hook
// ---------------------------------------------------------------------------

test('with acceptUserTokens, live demo user tokens are accepted and expired ones refused', async () => {
  const withUsers = createDemoUpstreamApp({ token: TOKEN, now: NOW, acceptUserTokens: true });
  const sharedOnly = createDemoUpstreamApp({ token: TOKEN, now: NOW });
  const live = createDemoUserToken('Ada Lovelace', 3600);
  const expired = createDemoUserToken('Ada Lovelace', 60, Date.now() - 2 * 3600_000);
  const status = async (demo: typeof app, token: string) =>
    (await demo.request(busyPath, { headers: { token } })).status;

  expect(await status(withUsers, live)).toBe(200);
  expect(await status(withUsers, TOKEN)).toBe(200);
  expect(await status(sharedOnly, live)).toBe(403);
  const refused = await withUsers.request(busyPath, { headers: { token: expired } });
  expect(refused.status).toBe(403);
  expect(await refused.json()).toMatchObject({ code: 'AUTHENTICATIONFAILED', status: 403 });
  expect(await status(withUsers, 'not-a-jwt')).toBe(403);
});

async function clientCredentialsToken(provider: DemoProvider): Promise<string> {
  const { clientId, clientSecret } = provider.clients.service;
  const response = await fetch(`${provider.issuer}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  });
  return z.object({ access_token: z.string() }).parse(await response.json()).access_token;
}

test("the demo identity provider's access tokens are accepted as a token or bearer header until they expire (401)", async () => {
  const provider = await startDemoProvider({ accessTokenSeconds: 60 });
  const stranger = await startDemoProvider();
  onTestFinished(async () => {
    await Promise.all([provider.close(), stranger.close()]);
  });
  // The verifier's clock moves, not the test's: a token's life is whole seconds from its `iat`.
  let clockAheadMs = 0;
  const demo = createDemoUpstreamApp({
    token: TOKEN,
    now: NOW,
    verifyAccessToken: issuerTokenVerifier(provider, () => Date.now() + clockAheadMs),
  });
  const fresh = await clientCredentialsToken(provider);
  const status = async (headers: Record<string, string>) =>
    (await demo.request(busyPath, { headers })).status;

  expect(await status({ token: fresh })).toBe(200);
  expect(await status({ authorization: `Bearer ${fresh}` })).toBe(200);
  // Signed by another provider's keys: not this issuer's token at all.
  expect(await status({ token: await clientCredentialsToken(stranger) })).toBe(403);
  expect(await status({ token: 'not-a-jwt' })).toBe(403);

  clockAheadMs = 61_000;
  const late = await demo.request(busyPath, { headers: { token: fresh } });
  expect(late.status).toBe(401);
  expect(late.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  expect(await late.json()).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
  // Loading oidc-provider and two RSA keys take about 2 s on a 2-core machine.
}, 15_000);

test('onRequest is called once for every request, refused ones included', async () => {
  let calls = 0;
  const counted = createDemoUpstreamApp({ token: TOKEN, now: NOW, onRequest: () => (calls += 1) });

  await counted.request(busyPath, { headers: { token: TOKEN } });
  await counted.request(busyPath, { headers: { token: 'wrong' } });
  await counted.request('/nowhere', { headers: { token: TOKEN } });

  expect(calls).toBe(3);
});

test('the rate-limited fault lets requests through for 30 s once its wait is over, then limits again', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    const limited = createDemoUpstreamApp({ token: TOKEN });
    const ask = () =>
      limited.request(sessionListPath(faultSids('rateLimited')), { headers: { token: TOKEN } });

    expect((await ask()).headers.get('retry-after')).toBe('5');
    vi.advanceTimersByTime(2_000);
    const early = await ask();
    expect(early.status).toBe(429);
    expect(early.headers.get('retry-after')).toBe('3');

    vi.advanceTimersByTime(3_000);
    const waited = await ask();
    expect(waited.status).toBe(200);
    expect(upstreamSessionListSchema.parse(await waited.json()).total).toBeGreaterThan(0);
    vi.advanceTimersByTime(29_000);
    expect((await ask()).status).toBe(200);
    vi.advanceTimersByTime(1_000);
    expect((await ask()).status).toBe(429);
  } finally {
    vi.useRealTimers();
  }
});

// ---------------------------------------------------------------------------
// Session detail, events, annotations, profiles and settings
// ---------------------------------------------------------------------------

const incidentSids: SessionDetailSids = {
  installSid: DEMO_SIDS.busy.installSid,
  examSid: DEMO_SIDS.busy.examSid,
  sessionSid: DEMO_SESSION_SIDS.incident,
};

/** A detail record as JSON, every field readable by name. */
const detailRecordSchema = z.record(z.string(), z.unknown());
const envelopeSchema = z.object({
  total: z.number(),
  first: z.string(),
  next: z.string().nullable(),
  prev: z.string().nullable(),
  last: z.string().nullable(),
  count: z.number(),
  offset: z.number(),
  results: z.array(z.looseObject({ sid: z.string(), createdDate: z.string() })),
});

/** Undocumented record fields, as the demo writes them. */
const eventFieldsSchema = z.looseObject({
  type: z.string(),
  description: z.string(),
  severity: z.enum(['low', 'medium', 'high']),
  source: z.looseObject({ detector: z.string() }),
});
const annotationFieldsSchema = z.looseObject({
  annotationType: z.string(),
  title: z.string(),
  text: z.string(),
  author: z.looseObject({ name: z.string() }),
});

async function detail(sids: SessionDetailSids) {
  const response = await get(sessionDetailPath(sids));
  expect(response.status).toBe(200);
  return detailRecordSchema.parse(response.body);
}

function recordsPath(kind: SessionRecordKind, sids: SessionDetailSids, search = '') {
  return `${buildPath(SESSION_RECORD_ENDPOINTS[kind].route, sids)}${search}`;
}

async function records(kind: SessionRecordKind, sids: SessionDetailSids, search = '') {
  const response = await get(recordsPath(kind, sids, search));
  expect(response.status).toBe(200);
  return envelopeSchema.parse(response.body);
}

const isoDateOrNull = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  .nullable();

/** A date field of a detail record as epoch ms, or null. */
function time(record: Record<string, unknown>, field: string): number | null {
  const value = isoDateOrNull.safeParse(record[field]);
  expect(value.success, `${field} is an ISO date or null`).toBe(true);
  return value.data == null ? null : Date.parse(value.data);
}

test('every listed session of the busy triple answers its detail with the same status and dates', async () => {
  const listed = await list('?includeActive=true');
  expect(listed.total).toBe(163);

  for (const row of listed.results) {
    const record = await detail({ ...incidentSids, sessionSid: row.sid });
    expect(record).toMatchObject({
      ...row,
      installSid: DEMO_SIDS.busy.installSid,
      examSid: DEMO_SIDS.busy.examSid,
      enrollmentSid: DEMO_SIDS.busy.enrollmentSid,
      userSid: DEMO_USERS.busyLearner.userSid,
    });
    expect(record.courseSid).toMatch(/^CU[a-f0-9]{32}$/);
    // What the contract reads of it, and what it must withhold.
    const read = sessionDetailSource.upstream.parse(record);
    expect(read.session).toMatchObject({ sid: row.sid, status: row.status });
    expect(read.withheld).toEqual(['URL', 'accessKey', 'reviewCompleteNotificationUrl', 'url']);
    expect(read.otherFields.map((field) => field.name)).toEqual(
      expect.arrayContaining([
        'examLocale',
        'platformVersion',
        'exam.title',
        'proctorGroups[1].name',
      ]),
    );
  }
});

test('detail dates follow the status and never pass the last edit', async () => {
  const now = NOW.getTime();
  const listed = await list('?includeActive=true');
  // Dates about the future or a plan, which may lie after the last edit.
  const planned = [
    'appointmentDate',
    'appointmentEndDate',
    'reviewByDate',
    'externalReservedAppointmentExpires',
  ];

  for (const row of listed.results) {
    const record = await detail({ ...incidentSids, sessionSid: row.sid });
    const edited = time(record, 'editDate') ?? 0;
    const created = time(record, 'createdDate') ?? 0;
    for (const [field, value] of Object.entries(record)) {
      if (!field.endsWith('Date') || planned.includes(field) || value === null) continue;
      expect(time(record, field), `${row.status} ${field}`).toBeGreaterThanOrEqual(created);
      expect(time(record, field), `${row.status} ${field}`).toBeLessThanOrEqual(edited);
    }
    const appointment = time(record, 'appointmentDate');
    const scheduled = time(record, 'dateScheduled');
    const approved = time(record, 'dateApproved');
    switch (row.status) {
      case 'Scheduled':
        expect(appointment).toBeGreaterThan(now);
        expect(scheduled).toBeLessThanOrEqual(now);
        expect(approved).not.toBeNull();
        expect(record.inProgressDate).toBeNull();
        break;
      case 'Needs Proctor':
        expect([appointment, scheduled, approved]).toEqual([null, null, null]);
        break;
      case 'Pending Approval':
      case 'Approval Denied':
        expect(approved).toBeNull();
        expect(record.recordingStartDate).toBeNull();
        break;
      case 'Incident':
      case 'Closed': {
        const order = [
          'dateScheduled',
          'systemCheckStartDate',
          'systemCheckEndDate',
          'appointmentDate',
          'inProgressDate',
          'recordingStartDate',
        ].map((field) => time(record, field));
        expect(order.every((value) => value !== null)).toBe(true);
        expect(order).toEqual([...order].sort((a, b) => (a ?? 0) - (b ?? 0)));
        expect(record.statusReason).toBe('exam-completed');
        expect(record.duration).toEqual(expect.any(Number));
        break;
      }
      case 'Cancelled':
        expect(record.statusReason).toMatch(/^[a-z]+(-[a-z]+)*$/);
        break;
    }
  }
});

test('a session answers only under its own install and exam; an unknown one is 404', async () => {
  const elsewhere = [
    { ...incidentSids, examSid: DEMO_SIDS.handful.examSid },
    { ...incidentSids, installSid: DEMO_SIDS.empty.installSid },
    { ...incidentSids, sessionSid: `ES${'0'.repeat(32)}` },
  ];

  for (const sids of elsewhere) {
    const response = await get(sessionDetailPath(sids));
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'RESOURCENOTFOUND', status: 404 });
    expect((await get(recordsPath('events', sids))).status).toBe(404);
  }
});

test('every new endpoint refuses a missing or wrong token with 403 AUTHENTICATIONFAILED', async () => {
  const paths = [
    sessionDetailPath(incidentSids),
    recordsPath('events', incidentSids),
    recordsPath('annotations', incidentSids),
    userProfilePath({
      installSid: incidentSids.installSid,
      userSid: DEMO_USERS.busyLearner.userSid,
    }),
    installSettingsPath({ installSid: incidentSids.installSid }),
  ];

  for (const path of paths) {
    for (const token of [null, 'wrong-token']) {
      const response = await get(path, token);
      expect(response.status, path).toBe(403);
      expect(response.body).toMatchObject({ code: 'AUTHENTICATIONFAILED', status: 403 });
    }
  }
});

test('malformed sids and record queries answer 400 INVALIDINPUT naming the problem', async () => {
  const documentedError = z.strictObject({
    code: z.literal('INVALIDINPUT'),
    message: z.string(),
    status: z.literal(400),
  });
  const cases = [
    [sessionDetailPath({ ...incidentSids, sessionSid: 'ES123' }), 'exam session sid'],
    [sessionDetailPath({ ...incidentSids, examSid: 'XX'.padEnd(34, 'a') }), 'exam sid'],
    [recordsPath('events', { ...incidentSids, installSid: 'AIZZ' }), 'install sid'],
    [recordsPath('annotations', incidentSids, '?limit=-1'), '"limit"'],
    [recordsPath('events', incidentSids, '?status=Closed'), '"status"'],
    [userProfilePath({ installSid: incidentSids.installSid, userSid: 'US-nobody' }), 'user sid'],
    [installSettingsPath({ installSid: 'AI' + 'A'.repeat(32) }), 'install sid'],
  ] as const;

  for (const [path, named] of cases) {
    const response = await get(path);
    expect(response.status, path).toBe(400);
    expect(documentedError.parse(response.body).message).toContain(named);
  }
});

test("an incident session's events page like the list, each inside the recording window", async () => {
  const record = await detail(incidentSids);
  const all = await records('events', incidentSids);
  const first = await records('events', incidentSids, '?limit=10');
  const last = await records('events', incidentSids, `?limit=10&offset=${all.total - 1}`);
  const path = recordsPath('events', incidentSids);

  expect(all.total).toBeGreaterThanOrEqual(30);
  expect(all).toMatchObject({ count: all.total, next: null, last: null });
  expect(record.sessionReportCount).toBe(all.total);
  expect(first).toMatchObject({ total: all.total, count: 10, offset: 0, prev: null });
  expect(first.first).toBe(`http://localhost${path}?limit=10`);
  expect(first.next).toBe(`http://localhost${path}?limit=10&offset=10`);
  expect(first.results).toEqual(all.results.slice(0, 10));
  expect(last.count).toBe(1);
  const dates = all.results.map((event) => event.createdDate);
  expect(dates).toEqual([...dates].sort());
  const start = time(record, 'recordingStartDate') ?? 0;
  const end = (time(record, 'inProgressDate') ?? 0) + Number(record.duration) * 60_000 + 60_000;
  for (const event of all.results) {
    expect(event.sid).toMatch(/^ER[a-f0-9]{32}$/);
    expect(Date.parse(event.createdDate)).toBeGreaterThanOrEqual(start);
    expect(Date.parse(event.createdDate)).toBeLessThanOrEqual(end);
    expect(eventFieldsSchema.safeParse(event).success).toBe(true);
  }
  // Some carry a signed snapshot link, for the server to withhold.
  expect(JSON.stringify(all.results)).toContain('"url":"https://');
});

test("annotations are proctors' notes; sessions that did not finish have no records", async () => {
  const notes = await records('annotations', incidentSids);
  const descending = await records('annotations', incidentSids, '?sortOrder=DESC');

  expect(notes.total).toBeGreaterThan(3);
  expect(descending.results).toEqual([...notes.results].reverse());
  for (const note of notes.results) {
    expect(annotationFieldsSchema.parse(note).author.name).toBe(DEMO_USERS.northfieldProctor.name);
  }
  expect(notes.results.some((note) => 'onboardUrl' in note)).toBe(true);
  for (const status of ['scheduled', 'pendingApproval', 'processing', 'inProgress'] as const) {
    const sids = { ...incidentSids, sessionSid: DEMO_SESSION_SIDS[status] };
    for (const kind of ['events', 'annotations'] as const) {
      expect(await records(kind, sids, '?limit=20')).toMatchObject({
        total: 0,
        count: 0,
        results: [],
        next: null,
        last: null,
      });
    }
  }
});

test("profiles: the busy learner's full name, the handful learner's null names, users stay in their install", async () => {
  const profile = async (installSid: string, userSid: string) =>
    get(userProfilePath({ installSid, userSid }));
  const northfield = DEMO_INSTALLS.northfield.installSid;
  const handfulDetail = await detail({
    installSid: northfield,
    examSid: DEMO_SIDS.handful.examSid,
    sessionSid: createDemoData(NOW).get(tripleKey(DEMO_SIDS.handful))?.[0]?.sid ?? '',
  });

  const busy = await profile(northfield, DEMO_USERS.busyLearner.userSid);
  const handful = await profile(northfield, String(handfulDetail.userSid));
  const otherInstall = await profile(
    DEMO_INSTALLS.lakeside.installSid,
    DEMO_USERS.busyLearner.userSid,
  );
  const unknown = await profile(northfield, `US${'f'.repeat(32)}`);

  expect(userProfileSchema.parse(busy.body)).toMatchObject({
    sid: DEMO_USERS.busyLearner.userSid,
    firstName: 'Maya',
    lastName: 'Okonkwo',
    role: 'learner',
  });
  expect(DEMO_USERS.busyLearner.name).toBe('Maya Okonkwo');
  expect(busy.body).toMatchObject({ timezone: { name: 'America/Chicago' }, apiId: null });
  expect(userProfileSchema.parse(handful.body)).toMatchObject({
    sid: DEMO_USERS.handfulLearner.userSid,
    firstName: null,
    lastName: null,
    username: 'schen42',
  });
  for (const refused of [otherInstall, unknown]) {
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ code: 'RESOURCENOTFOUND', status: 404 });
  }
});

test('install settings name each install and its IANA time zone; an unknown install is 404', async () => {
  const settings = async (installSid: string) => get(installSettingsPath({ installSid }));

  for (const install of Object.values(DEMO_INSTALLS)) {
    const response = await settings(install.installSid);
    expect(installSettingsSchema.parse(response.body)).toEqual({
      sid: install.installSid,
      name: install.name,
      defaultTimezone: install.defaultTimezone,
    });
    expect(Intl.DateTimeFormat(undefined, { timeZone: install.defaultTimezone })).toBeDefined();
  }
  expect(DEMO_INSTALLS.northfield).toMatchObject({
    name: 'Northfield University',
    defaultTimezone: 'America/Chicago',
  });
  expect(DEMO_INSTALLS.lakeside).toMatchObject({
    name: 'Lakeside College',
    defaultTimezone: 'Europe/London',
  });
  const unknown = await settings(`AI${'0'.repeat(32)}`);
  expect(unknown.status).toBe(404);
  expect(unknown.body).toMatchObject({ code: 'RESOURCENOTFOUND', status: 404 });
});

test('the detail world is deterministic from the anchor, and the known sids hold for any anchor', () => {
  const first = createDemoWorld(NOW);
  const again = createDemoWorld(NOW);
  const later = createDemoWorld(new Date('2027-03-01T00:00:00.000Z'));

  expect([...again.sessionsBySid]).toEqual([...first.sessionsBySid]);
  expect([...again.profiles]).toEqual([...first.profiles]);
  expect([...again.settings]).toEqual([...first.settings]);
  const statuses = {
    incident: 'Incident',
    closed: 'Closed',
    scheduled: 'Scheduled',
    pendingApproval: 'Pending Approval',
    needsProctor: 'Needs Proctor',
    processing: 'Processing',
    cancelled: 'Cancelled',
    inProgress: 'In Progress',
  } satisfies Record<keyof typeof DEMO_SESSION_SIDS, string>;
  for (const [name, status] of Object.entries(statuses)) {
    const sid = DEMO_SESSION_SIDS[name as keyof typeof statuses];
    for (const world of [first, later]) {
      expect(world.sessionsBySid.get(sid)?.row.status).toBe(status);
      expect(world.sessionsBySid.get(sid)?.sids).toEqual(DEMO_SIDS.busy);
    }
  }
});

test('past its wait, the rate-limited fault also answers the details of the sessions it lists', async () => {
  const sids = { ...incidentSids, examSid: faultSids('rateLimited').examSid };

  const record = await detail(sids);

  expect(record).toMatchObject({ sid: DEMO_SESSION_SIDS.incident, examSid: sids.examSid });
  expect((await records('events', sids)).total).toBeGreaterThanOrEqual(30);
});
