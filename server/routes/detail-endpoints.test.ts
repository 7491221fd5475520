/**
 * The detail page's endpoints through the whole app, in front of a real HTTP upstream on 127.0.0.1
 * whose answers each test writes (not the demo upstream): what is forwarded, what is refused,
 * how failures map, and that nothing granting exam access reaches the browser.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterEach, expect, test } from 'vitest';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import {
  installSettingsEndpoint,
  installSettingsSchema,
} from '#src/api/contract/install-settings.ts';
import { WITHHELD_TEXT } from '#src/api/contract/json-fields.ts';
import { API_PREFIX, buildPath } from '#src/api/contract/routes.ts';
import {
  sessionDetailEndpoint,
  sessionDetailResponseSchema,
  type SessionDetailSids,
} from '#src/api/contract/session-detail.ts';
import {
  DEFAULT_RECORD_PAGE,
  SESSION_RECORD_ENDPOINTS,
  sessionRecordsResponseSchema,
  type SessionRecordKind,
} from '#src/api/contract/session-records.ts';
import {
  userProfileEndpoint,
  userProfileSchema,
  type UserProfileSids,
} from '#src/api/contract/user-profile.ts';
import { createApp } from '#server/app.ts';
import { listen, type Listening } from '#server/http/listen.ts';
import { createUpstreamClient, type UpstreamClient } from '#server/upstream/client.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const TOKEN = `detail-token-${randomUUID()}`;
const SIDS: SessionDetailSids = {
  installSid: `AI${'1'.repeat(32)}`,
  examSid: `EX${'2'.repeat(32)}`,
  sessionSid: `ES${'3'.repeat(32)}`,
};
const USER: UserProfileSids = { installSid: SIDS.installSid, userSid: `US${'4'.repeat(32)}` };

/** Values that grant exam access: none may appear anywhere in what the browser gets. */
const SECRETS = [
  'ak-3f9c-secret',
  'exam.example.test',
  'photos.example.test',
  'nested.example.test',
  'embedded.example.test',
  'video.example.test',
];

const DETAIL_BODY = {
  sid: SIDS.sessionSid,
  status: 'Closed',
  installSid: SIDS.installSid,
  examSid: SIDS.examSid,
  userSid: USER.userSid,
  createdDate: '2026-03-01T09:00:00.000Z',
  accessKey: 'ak-3f9c-secret',
  URL: 'https://exam.example.test/start?session=1',
  exam: { title: 'Chemistry final', url: 'https://nested.example.test/exam' },
  photos: [{ caption: 'ID card', URL: 'https://photos.example.test/1.jpg' }],
  // JSON written in a string, a name in another case, and the exam URL pasted into notes.
  enrollment: JSON.stringify({ course: 'CHEM 101', onboardUrl: 'https://embedded.example.test/x' }),
  recording: { VideoURL: 'https://video.example.test/1' },
  notes: 'Learner could not start; sent https://exam.example.test/start?session=1 again.',
};

function recordsBody(rows: number, total = rows) {
  return {
    total,
    results: Array.from({ length: rows }, (_, index) => ({
      sid: `EV${index}`,
      createdDate: '2026-03-01T09:05:00.000Z',
      type: 'Exam Tab Unfocused',
      description: `Focus left the exam tab (${index})`,
      accessKey: 'ak-3f9c-secret',
      details: { url: 'https://nested.example.test/replay', seconds: 4 },
      ...(index === 0 ? { URL: 'https://exam.example.test/event' } : {}),
    })),
  };
}

interface RouteCase {
  name: string;
  /** Our route, as the browser asks for it. */
  path: string;
  /** What the upstream must receive for it, query included. */
  upstreamPath: string;
  /** A valid upstream answer. */
  body: Record<string, unknown>;
  /** Parses our answer with the contract's schema. */
  parse: (body: unknown) => object;
  /** What a 404 says is missing, and what other failures say was asked for. */
  resource: string;
  phrase: string;
  /** The route with every sid malformed, and the words naming each one. */
  badPath: string;
  badSids: string[];
}

function recordsCase(kind: SessionRecordKind, resource: string, phrase: string): RouteCase {
  return {
    name: kind,
    path: buildPath(SESSION_RECORD_ENDPOINTS[kind].apiRoute, SIDS),
    upstreamPath: SESSION_RECORD_ENDPOINTS[kind].path(SIDS, DEFAULT_RECORD_PAGE),
    body: recordsBody(2),
    parse: (body) => sessionRecordsResponseSchema.parse(body),
    resource,
    phrase,
    badPath: `/api/v1/installs/IN0123/exams/not-an-exam/sessions/ES${'A'.repeat(32)}/${kind}`,
    badSids: ['install sid', 'exam sid', 'exam session sid'],
  };
}

const ROUTES: RouteCase[] = [
  {
    name: 'session detail',
    path: sessionDetailEndpoint.apiPath(SIDS, undefined),
    upstreamPath: sessionDetailEndpoint.path(SIDS, undefined),
    body: DETAIL_BODY,
    parse: (body) => sessionDetailResponseSchema.parse(body),
    resource: 'exam session',
    phrase: 'this exam session',
    badPath: `/api/v1/installs/IN0123/exams/not-an-exam/sessions/ES${'A'.repeat(32)}`,
    badSids: ['install sid', 'exam sid', 'exam session sid'],
  },
  {
    name: 'learner profile',
    path: userProfileEndpoint.apiPath(USER, undefined),
    upstreamPath: userProfileEndpoint.path(USER, undefined),
    body: { sid: USER.userSid, firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.edu' },
    parse: (body) => userProfileSchema.parse(body),
    resource: 'learner profile',
    phrase: 'the learner profile',
    badPath: `/api/v1/installs/AI${'1'.repeat(31)}/users/EN${'4'.repeat(32)}/profile`,
    badSids: ['install sid', 'user sid'],
  },
  {
    name: 'install settings',
    path: installSettingsEndpoint.apiPath(SIDS, undefined),
    upstreamPath: installSettingsEndpoint.path(SIDS, undefined),
    body: { sid: SIDS.installSid, name: 'Northfield University', defaultTimezone: 'UTC' },
    parse: (body) => installSettingsSchema.parse(body),
    resource: 'install settings',
    phrase: 'the install settings',
    badPath: `/api/v1/installs/${'%3Cscript%3E'.repeat(40)}/settings`,
    badSids: ['install sid'],
  },
  recordsCase('events', 'session events', "this session's events"),
  recordsCase('annotations', 'proctor annotations', "this session's proctor annotations"),
];

const ROUTES_WITHOUT_QUERY = ROUTES.filter((route) => !route.upstreamPath.includes('?'));
const RECORD_ROUTES = ROUTES.filter((route) => route.upstreamPath.includes('?'));

const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface SetupOptions {
  /** The upstream's answer to every request; the route's valid body when not given. */
  reply?: (url: URL) => Response;
  demoMode?: boolean;
}

/**
 * Our app with the real upstream client in front of a local HTTP upstream that records every
 * request. Each response is checked, as raw text, for the token and every exam-access secret.
 */
async function setup(route: RouteCase | null, options: SetupOptions = {}) {
  const calls: Array<{ url: string; headers: Headers }> = [];
  const logs: string[] = [];
  const reply = options.reply ?? (() => Response.json(route?.body ?? {}));
  const server: Listening = await listen(
    new Hono().all('*', (c) => {
      const url = new URL(c.req.url);
      calls.push({ url: `${url.pathname}${url.search}`, headers: new Headers(c.req.raw.headers) });
      return reply(url);
    }),
    0,
    '127.0.0.1',
  );
  const upstream: UpstreamClient = createUpstreamClient({
    baseUrl: `http://127.0.0.1:${server.port}`,
    timeoutMs: 5_000,
    isDemo: options.demoMode === true,
    log: (line) => logs.push(line),
  });
  closers.push(async () => {
    await upstream.close();
    await server.close();
  });
  const app = createApp({
    upstream,
    access: { mode: 'shared', tokens: staticToken(TOKEN) },
    log: () => undefined,
  });

  async function request(path: string, init?: RequestInit) {
    const response = await app.request(path, init);
    const text = await response.text();
    for (const secret of [TOKEN, ...SECRETS]) expect(text).not.toContain(secret);
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text === '' ? null : (JSON.parse(text) as unknown),
    };
  }

  return { request, calls, logs };
}

// ---------------------------------------------------------------------------
// Forwarding
// ---------------------------------------------------------------------------

test.each(ROUTES.map((route) => [route.name, route] as const))(
  '%s: a valid request is forwarded to the exact upstream path with only the token',
  async (_name, route) => {
    const { request, calls } = await setup(route);

    const response = await request(route.path, {
      headers: { cookie: 'session=abc', authorization: 'Bearer browser-credential' },
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/^private, max-age=[1-9][0-9]*$/);
    route.parse(response.body);
    expect(calls.map((call) => call.url)).toEqual([route.upstreamPath]);
    const [call] = calls;
    expect(call?.headers.get('token')).toBe(TOKEN);
    expect(call?.headers.get('cookie')).toBeNull();
    expect(call?.headers.get('authorization')).toBeNull();
  },
);

test.each(ROUTES.map((route) => [route.name, route] as const))(
  '%s: malformed sids are refused with 400 naming each one, and nothing is sent upstream',
  async (_name, route) => {
    const { request, calls } = await setup(route);

    const response = await request(route.badPath);

    expect(response.status).toBe(400);
    const error = apiErrorBodySchema.parse(response.body);
    expect(error.code).toBe('bad_request');
    for (const words of route.badSids) expect(error.message).toContain(`The ${words} must be`);
    // The bad values are not repeated: at most the kind of sid and its format.
    expect(error.message).not.toContain('not-an-exam');
    expect(error.message).not.toContain('script');
    expect(calls).toHaveLength(0);
  },
);

test.each(ROUTES.map((route) => [route.name, route] as const))(
  '%s: a path-traversal sid is a 400, and nothing is sent upstream',
  async (_name, route) => {
    const { request, calls } = await setup(route);

    const response = await request(route.path.replace(SIDS.installSid, '..%2f..%2fsettings'));

    expect(response.status).toBe(400);
    expect(calls).toHaveLength(0);
  },
);

test.each(
  ROUTES_WITHOUT_QUERY.flatMap((route) =>
    ['?offset=0', '?token=abc', '?x', '?a=1&b=2', `?${'q'.repeat(500)}=1`].map(
      // The long one is named by its length, so the test name stays readable.
      (search) =>
        [
          route.name,
          search.length > 40 ? `${search.length} characters` : search,
          search,
          route,
        ] as const,
    ),
  ),
)(
  '%s takes no query: %s is refused with 400 and nothing is sent upstream',
  async (_name, _label, search, route) => {
    const { request, calls } = await setup(route);

    const response = await request(`${route.path}${search}`);

    expect(response.status).toBe(400);
    const error = apiErrorBodySchema.parse(response.body);
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain('takes no query parameters');
    expect(error.message.length).toBeLessThan(200);
    expect(calls).toHaveLength(0);
  },
);

test('a bad query and bad sids are refused together, each named', async () => {
  const { request, calls } = await setup(ROUTES[0] ?? null);

  const response = await request(`/api/v1/installs/x/exams/${SIDS.examSid}/sessions/y?z=1`);

  const error = apiErrorBodySchema.parse(response.body);
  expect(error.message).toContain('The install sid must be');
  expect(error.message).toContain('The exam session sid must be');
  expect(error.message).toContain('takes no query parameters');
  expect(calls).toHaveLength(0);
});

test.each(
  RECORD_ROUTES.flatMap((route) =>
    [
      ['limit=0', '"limit"'],
      ['limit=51', '"limit"'],
      ['offset=-1', '"offset"'],
      ['offset=1.5', '"offset"'],
      ['limit=20&limit=20', '"limit" was given 2 times; give it once.'],
      ['sortOrder=up', '"sortOrder" must be ASC or DESC'],
      ['sortKeys=createdDate', '"sortKeys" is not a query parameter'],
      ['token=abc', '"token" is not a query parameter'],
    ].map(([search, words]) => [route.name, search, words, route] as const),
  ),
)(
  '%s: a bad page query (%s) is refused with 400 and nothing is sent upstream',
  async (_name, search, words, route) => {
    const { request, calls } = await setup(route);

    const response = await request(`${route.path}?${search}`);

    expect(response.status).toBe(400);
    const error = apiErrorBodySchema.parse(response.body);
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain(words);
    expect(calls).toHaveLength(0);
  },
);

test.each(RECORD_ROUTES.map((route) => [route.name, route] as const))(
  '%s: offset and limit are forwarded as given, newest first, and the page is trimmed to the limit',
  async (_name, route) => {
    const { request, calls, logs } = await setup(route, {
      // An upstream that ignores limit and sends more rows than asked for.
      reply: () => Response.json(recordsBody(35, 240)),
    });

    const response = await request(`${route.path}?limit=20&offset=100`);

    expect(response.status).toBe(200);
    expect(calls.map((call) => call.url)).toEqual([
      `${route.path.slice(API_PREFIX.length)}?offset=100&limit=20&sortOrder=DESC`,
    ]);
    const page = sessionRecordsResponseSchema.parse(response.body);
    expect(page).toMatchObject({ total: 240, offset: 100, limit: 20 });
    expect(page.results).toHaveLength(20);
    expect(page.results[0]?.key).toBe('EV0');
    expect(logs.some((line) => line.includes('35 rows for limit 20'))).toBe(true);
  },
);

// ---------------------------------------------------------------------------
// Upstream failures
// ---------------------------------------------------------------------------

test.each(ROUTES.map((route) => [route.name, route] as const))(
  '%s: an upstream 404 answers 404 naming what is missing, in demo and upstream wording',
  async (_name, route) => {
    const notFound = () => Response.json({ message: 'Not found' }, { status: 404 });
    const upstreamMode = await setup(route, { reply: notFound });
    const demoMode = await setup(route, { reply: notFound, demoMode: true });

    const fromApi = await upstreamMode.request(route.path);
    const fromDemo = await demoMode.request(route.path);

    expect(fromApi.status).toBe(404);
    expect(apiErrorBodySchema.parse(fromApi.body)).toMatchObject({
      code: 'not_found',
      message: `The SmarterProctoring API has no ${route.resource} at these sids.`,
    });
    expect(apiErrorBodySchema.parse(fromDemo.body).message).toBe(
      `The demo has no ${route.resource} for these sids; open one of the demo links.`,
    );
  },
);

test.each(ROUTES.map((route) => [route.name, route] as const))(
  '%s: an upstream 429 answers 429 with Retry-After, and the token is held',
  async (_name, route) => {
    const { request, calls } = await setup(route, {
      reply: () =>
        Response.json(
          { code: 'TOOMANYREQUESTS', message: 'Rate limit exceeded.', status: 429 },
          { status: 429, headers: { 'Retry-After': '30' } },
        ),
    });

    const response = await request(route.path);
    // Held now: every route, this one included, answers without asking the upstream.
    const again = await request(ROUTES[(ROUTES.indexOf(route) + 1) % ROUTES.length]?.path ?? '');

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(apiErrorBodySchema.parse(response.body)).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 30,
    });
    expect(again.status).toBe(429);
    expect(calls).toHaveLength(1);
  },
);

test.each(ROUTES.map((route) => [route.name, route] as const))(
  '%s: an upstream 5xx or an unreadable body answers 502 naming what was asked for',
  async (_name, route) => {
    const failing = await setup(route, { reply: () => new Response('<html>', { status: 503 }) });
    const malformed = await setup(route, { reply: () => Response.json({ nothing: true }) });

    const failed = await failing.request(route.path);
    const unreadable = await malformed.request(route.path);

    expect(failed.status).toBe(502);
    expect(apiErrorBodySchema.parse(failed.body)).toMatchObject({
      code: 'upstream_error',
      message: `The SmarterProctoring API answered with HTTP 503 instead of ${route.phrase}. Try again in a few minutes.`,
    });
    expect(unreadable.status).toBe(502);
    expect(apiErrorBodySchema.parse(unreadable.body)).toMatchObject({
      code: 'malformed_response',
      message: `The SmarterProctoring API sent ${route.phrase} in a shape this dashboard cannot read.`,
    });
  },
);

test.each(ROUTES.map((route) => [route.name, route] as const))(
  '%s: a refused server token answers 502 token_refused',
  async (_name, route) => {
    const { request } = await setup(route, { reply: () => new Response('', { status: 403 }) });

    const response = await request(route.path);

    expect(apiErrorBodySchema.parse(response.body)).toMatchObject({
      status: 502,
      code: 'token_refused',
    });
  },
);

// ---------------------------------------------------------------------------
// What reaches the browser
// ---------------------------------------------------------------------------

test('the session detail never carries accessKey, URL or a nested url, and withheld names them', async () => {
  const route = ROUTES[0];
  if (route === undefined) throw new Error('no detail route');
  const { request } = await setup(route);

  // `request` has already checked the raw text for every secret value.
  const response = await request(route.path);

  expect(response.status).toBe(200);
  // Named in withheld, but never a key with a value.
  for (const key of ['"accessKey":', '"URL":', '"url":']) expect(response.text).not.toContain(key);
  const detail = sessionDetailResponseSchema.parse(response.body);
  expect(detail.withheld).toEqual(['URL', 'VideoURL', 'accessKey', 'notes', 'onboardUrl', 'url']);
  expect(detail.session).toMatchObject({
    sid: SIDS.sessionSid,
    status: 'Closed',
    notes: WITHHELD_TEXT,
  });
  expect(detail.otherFields).toContainEqual({ name: 'exam.title', value: 'Chemistry final' });
  expect(detail.otherFields).toContainEqual({ name: 'photos[1].caption', value: 'ID card' });
  // JSON written in a string is read as a record, not shown as a blob.
  expect(detail.otherFields).toContainEqual({ name: 'enrollment.course', value: 'CHEM 101' });
});

test.each(RECORD_ROUTES.map((route) => [route.name, route] as const))(
  '%s never carry accessKey, URL or a nested url, and withheld names them',
  async (_name, route) => {
    const { request } = await setup(route);

    const response = await request(route.path);

    expect(response.status).toBe(200);
    for (const key of ['"accessKey":', '"URL":', '"url":'])
      expect(response.text).not.toContain(key);
    const page = sessionRecordsResponseSchema.parse(response.body);
    expect(page.withheld).toEqual(['URL', 'accessKey', 'url']);
    expect(page.results[0]).toMatchObject({
      key: 'EV0',
      title: 'Exam Tab Unfocused',
      time: '2026-03-01T09:05:00.000Z',
    });
    expect(page.results[0]?.fields).toEqual([{ name: 'details.seconds', value: '4' }]);
  },
);

test.each(
  ROUTES.filter(
    (route) => route.name === 'learner profile' || route.name === 'install settings',
  ).map((route) => [route.name, route] as const),
)('%s: fields outside the contract never reach the browser', async (_name, route) => {
  const { request } = await setup(route, {
    reply: () =>
      Response.json({
        ...route.body,
        accessKey: 'ak-3f9c-secret',
        URL: 'https://exam.example.test/x',
        authentication: { password: 'hunter2', url: 'https://nested.example.test/sso' },
      }),
  });

  const response = await request(route.path);

  expect(response.status).toBe(200);
  expect(response.text).not.toContain('hunter2');
  // The schema drops what it does not name, so parsing our answer changes nothing in it.
  expect(response.body).toEqual(route.parse(response.body));
});

// ---------------------------------------------------------------------------
// Methods and access
// ---------------------------------------------------------------------------

test.each(ROUTES.map((route) => [route.name, route] as const))(
  '%s: HEAD answers as GET does, other methods 405 with nothing sent upstream',
  async (_name, route) => {
    const { request, calls } = await setup(route);

    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await request(route.path, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
    expect(calls).toHaveLength(0);
    const head = await request(route.path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  },
);
