import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import { SERVER_INFO_PATH, serverInfoSchema } from '#src/api/contract/server-info.ts';
import { buildPath } from '#src/api/contract/routes.ts';
import {
  DEFAULT_LIST_QUERY,
  sessionListEndpoint,
  sessionListResponseSchema,
  sessionListSource,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import { createApp } from '#server/app.ts';
import {
  createDemoUpstreamApp,
  startDemoUpstream,
  type DemoUpstreamServer,
} from '#server/demo-upstream/app.ts';
import {
  DEMO_FAULT_NAMES,
  DEMO_SIDS,
  demoLinks,
  faultSids,
  type DemoFaultName,
} from '#server/demo-upstream/data.ts';
import { listen, type Listening } from '#server/http/listen.ts';
import type { Log } from '#server/http/log.ts';
import { stubUpstream } from '#server/testing/stub-upstream.ts';
import {
  createUpstreamClient,
  UpstreamError,
  type UpstreamClient,
} from '#server/upstream/client.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const TOKEN = `test-token-${randomUUID()}`;
const SLOW_FAULT_DELAY_MS = 1_000;

let demo: DemoUpstreamServer;

/** One test's view of the recorder: what reached it, and what it answers instead of the demo. */
interface RecordedRoute {
  calls: Array<{ url: string; headers: Headers }>;
  reply: (() => Response) | undefined;
}

/**
 * A real HTTP upstream in front of the demo upstream's app: each setup() gets its own path prefix
 * (its baseUrl), under which every request is recorded and answered by `reply` or by the demo.
 */
let recorder: Listening;
const routes = new Map<string, RecordedRoute>();
const clients: UpstreamClient[] = [];

beforeAll(async () => {
  demo = await startDemoUpstream({ token: TOKEN, slowDelayMs: SLOW_FAULT_DELAY_MS });
  const demoApp = createDemoUpstreamApp({ token: TOKEN, slowDelayMs: SLOW_FAULT_DELAY_MS });
  recorder = await listen(
    new Hono().all('/:route/*', (c) => {
      const name = c.req.param('route');
      const route = routes.get(name);
      if (route === undefined) return c.text('unknown recorder route', 500);
      const url = new URL(c.req.url);
      const upstreamPath = `${url.pathname.slice(name.length + 1)}${url.search}`;
      route.calls.push({ url: upstreamPath, headers: new Headers(c.req.raw.headers) });
      return route.reply === undefined
        ? demoApp.request(upstreamPath, { headers: c.req.raw.headers })
        : route.reply();
    }),
    0,
    '127.0.0.1',
  );
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  routes.clear();
});

afterAll(async () => {
  await demo.close();
  await recorder.close();
});

/** The upstream path of the list, without a query. */
function listPath(sids: SessionListSids): string {
  return buildPath(sessionListEndpoint.route, sids);
}

function apiPath(sids: SessionListSids, search = ''): string {
  return `/api${listPath(sids)}${search}`;
}

interface SetupOptions {
  token?: string;
  timeoutMs?: number;
  /** Another upstream than the recorder; nothing is recorded then. */
  baseUrl?: string;
  /** Answers every upstream call instead of the demo upstream. */
  reply?: () => Response;
  upstream?: UpstreamClient;
  demoMode?: boolean;
}

/**
 * Our app in front of the demo upstream (over HTTP, through the recorder), recording what is sent
 * upstream and logged. Every response and log line is checked for the token as it arrives.
 */
function setup(options: SetupOptions = {}) {
  const token = options.token ?? TOKEN;
  const route: RecordedRoute = { calls: [], reply: options.reply };
  const routeName = `r${routes.size + 1}`;
  routes.set(routeName, route);
  // The upstream client's messages apart from the app's lines (access log, unexpected errors),
  // which are kept whole, fields included, as JSON.
  const logs: string[] = [];
  const appLogs: string[] = [];
  // Every line with its fields, to look for the token in.
  const written: string[] = [];
  const log: Log = (line, fields) => {
    logs.push(line);
    written.push(JSON.stringify([line, fields]));
  };
  const appLog: Log = (line, fields) => {
    appLogs.push(JSON.stringify([line, fields]));
    written.push(JSON.stringify([line, fields]));
  };
  let upstream = options.upstream;
  if (upstream === undefined) {
    upstream = createUpstreamClient({
      baseUrl: options.baseUrl ?? `http://127.0.0.1:${recorder.port}/${routeName}`,
      timeoutMs: options.timeoutMs ?? 5_000,
      isDemo: options.demoMode !== false,
      log,
    });
    clients.push(upstream);
  }
  const app = createApp({
    upstream,
    access: { mode: 'shared', tokens: staticToken(token) },
    log: appLog,
    ...(options.demoMode === false ? {} : { demoLinks }),
  });

  async function request(path: string, init?: RequestInit) {
    const response = await app.request(path, init);
    const text = await response.text();
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
    for (const secret of new Set([TOKEN, token])) {
      expect(text).not.toContain(secret);
      expect(headers).not.toContain(secret);
      for (const line of written) expect(line).not.toContain(secret);
    }
    return {
      status: response.status,
      headers: response.headers,
      // HEAD answers carry no body.
      body: text === '' ? null : (JSON.parse(text) as unknown),
    };
  }

  return { request, calls: route.calls, logs, appLogs };
}

test('a valid request returns contract rows and sends only the token and Accept headers upstream', async () => {
  const { request, calls } = setup();

  const response = await request(apiPath(DEMO_SIDS.busy, '?limit=10'), {
    headers: { cookie: 'session=abc', authorization: 'Bearer browser-credential' },
  });

  expect(response.status).toBe(200);
  // As long as the server would reuse it: see docs/decisions/http-caching.md.
  expect(response.headers.get('cache-control')).toBe('private, max-age=10');
  const page = sessionListResponseSchema.parse(response.body);
  expect(page).toMatchObject({ total: 162, count: 10, offset: 0, limit: 10 });
  for (const row of page.results) {
    expect(Object.keys(row).sort()).toEqual(
      ['appointmentDate', 'createdDate', 'editDate', 'sessionType', 'sid', 'status'].sort(),
    );
  }
  expect(calls).toHaveLength(1);
  const [call] = calls;
  expect(call?.headers.get('token')).toBe(TOKEN);
  expect(call?.headers.get('accept')).toBe('application/json');
  expect(call?.headers.get('accept-encoding')).toBe('gzip, identity');
  // Ours, plus what HTTP and undici's fetch add by themselves; no cookie, no Authorization.
  const allowed = ['accept', 'accept-encoding', 'token'].concat([
    'accept-language',
    'connection',
    'host',
    'sec-fetch-mode',
    'user-agent',
  ]);
  expect([...(call?.headers.keys() ?? [])].filter((name) => !allowed.includes(name))).toEqual([]);
  expect(call?.url).toBe(
    `${listPath(DEMO_SIDS.busy)}?offset=0&limit=10&sortKeys=createdDate&sortOrder=DESC&includeActive=false`,
  );
});

test('fields the contract does not name never reach the browser', async () => {
  const upstreamBody = {
    total: 1,
    first: 'https://api.example.test/v1/x',
    count: 1,
    offset: 0,
    debug: { query: 'select *' },
    results: [
      {
        sid: 'ES0123456789abcdef0123456789abcdef',
        status: 'Closed',
        sessionType: 'live',
        appointmentDate: null,
        createdDate: '2026-01-01T00:00:00.000Z',
        editDate: '2026-01-02T00:00:00.000Z',
        accessKey: 'exam-access-key',
        URL: 'https://exam.example.test/start',
      },
    ],
  };
  const { request } = setup({ reply: () => Response.json(upstreamBody) });

  const response = await request(apiPath(DEMO_SIDS.handful));

  expect(response.status).toBe(200);
  const text = JSON.stringify(response.body);
  for (const leaked of ['exam-access-key', 'exam.example.test', 'select *', 'api.example.test']) {
    expect(text).not.toContain(leaked);
  }
});

test.each([
  ['installSid', { ...DEMO_SIDS.busy, installSid: 'IN0123' }, 'install sid'],
  ['enrollmentSid', { ...DEMO_SIDS.busy, enrollmentSid: `EN${'A'.repeat(32)}` }, 'enrollment sid'],
  ['examSid', { ...DEMO_SIDS.busy, examSid: 'not-an-exam' }, 'exam sid'],
])(
  'a bad %s is refused with 400 naming it, and nothing is sent upstream',
  async (_name, sids, words) => {
    const { request, calls } = setup();

    const response = await request(apiPath(sids));

    expect(response.status).toBe(400);
    const error = apiErrorBodySchema.parse(response.body);
    expect(error.code).toBe('bad_request');
    expect(error.message).toContain(`The ${words} must be`);
    expect(error.message).toContain('32 lowercase hexadecimal characters');
    expect(calls).toHaveLength(0);
  },
);

test.each([
  ['limit=0', '"limit"'],
  ['limit=101', '"limit"'],
  ['offset=-1', '"offset"'],
  ['sortOrder=up', '"sortOrder"'],
  ['status=Bogus', '"status"'],
  ['token=x', '"token" is not a query parameter'],
  ['limit=0&sortOrder=up', '"sortOrder"'],
])('a bad query (%s) is refused with 400 and nothing is sent upstream', async (search, words) => {
  const { request, calls } = setup();

  const response = await request(apiPath(DEMO_SIDS.busy, `?${search}`));

  expect(response.status).toBe(400);
  const error = apiErrorBodySchema.parse(response.body);
  expect(error.code).toBe('bad_request');
  expect(error.message).toContain(words);
  expect(calls).toHaveLength(0);
});

test('page links are recomputed as our own /api paths, never the upstream host', async () => {
  const { request } = setup();
  const base = apiPath(DEMO_SIDS.busy);
  const tail = 'limit=25&sortKeys=createdDate&sortOrder=ASC&status=Closed&includeActive=false';

  const page = sessionListResponseSchema.parse(
    (await request(`${base}?offset=25&limit=25&sortOrder=ASC&status=Closed`)).body,
  );

  expect(page).toMatchObject({
    total: 60,
    offset: 25,
    first: `${base}?offset=0&${tail}`,
    next: `${base}?offset=50&${tail}`,
    prev: `${base}?offset=0&${tail}`,
    last: `${base}?offset=50&${tail}`,
  });
  const beyond = sessionListResponseSchema.parse(
    (await request(`${base}?offset=200&limit=25&sortOrder=ASC&status=Closed`)).body,
  );
  expect(beyond).toMatchObject({ count: 0, next: null, prev: `${base}?offset=50&${tail}` });
});

test('an empty list links only to its first page', async () => {
  const { request } = setup();

  const page = sessionListResponseSchema.parse((await request(apiPath(DEMO_SIDS.empty))).body);

  expect(page).toMatchObject({
    total: 0,
    count: 0,
    results: [],
    next: null,
    prev: null,
    last: null,
  });
  expect(page.first).toBe(
    `${apiPath(DEMO_SIDS.empty)}?offset=0&limit=25&sortKeys=createdDate&sortOrder=DESC&includeActive=false`,
  );
});

test('status filter and includeActive reach the upstream and shape the results', async () => {
  const { request } = setup();
  async function list(search: string) {
    return sessionListResponseSchema.parse((await request(apiPath(DEMO_SIDS.busy, search))).body);
  }

  const filtered = await list('?status=Incident&status=Closed&limit=100');
  expect(filtered.total).toBe(69);
  expect(new Set(filtered.results.map((row) => row.status))).toEqual(
    new Set(['Incident', 'Closed']),
  );

  expect((await list('')).total).toBe(162);
  expect((await list('?includeActive=true')).total).toBe(163);
  const active = await list('?status=Closed&includeActive=true&limit=100');
  expect(active.total).toBe(61);
  expect(active.results.filter((row) => row.status === 'In Progress')).toHaveLength(1);
});

test('sortOrder reaches the upstream: ASC oldest first, DESC newest first', async () => {
  const { request } = setup();
  async function createdDates(order: string) {
    const page = sessionListResponseSchema.parse(
      (await request(apiPath(DEMO_SIDS.busy, `?limit=100&sortOrder=${order}`))).body,
    );
    return page.results.map((row) => row.createdDate ?? '');
  }

  const ascending = await createdDates('ASC');
  const descending = await createdDates('DESC');

  expect(ascending).toEqual([...ascending].sort());
  expect(descending).toEqual([...descending].sort().reverse());
  expect(ascending[0]).not.toBe(descending[0]);
});

test.each<[DemoFaultName, number, string]>([
  ['tokenRefused', 502, 'token_refused'],
  ['notFound', 404, 'not_found'],
  ['upstreamError', 502, 'upstream_error'],
  ['malformed', 502, 'malformed_response'],
])('demo fault %s answers %i %s and logs one line', async (fault, status, code) => {
  const { request, logs } = setup();

  const response = await request(apiPath(faultSids(fault)));

  expect(response.status).toBe(status);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(apiErrorBodySchema.parse(response.body)).toMatchObject({ status, code });
  expect(logs).toHaveLength(1);
  expect(logs[0]).toContain(`upstream GET ${listPath(faultSids(fault))}`);
  expect(logs[0]).toContain(code);
  expect(logs[0]).not.toContain('127.0.0.1');
});

test('a missing resource is named: the demo points to its links, the real API names the sessions', async () => {
  const demoMode = setup();
  const upstreamMode = setup({ demoMode: false });

  const fromDemo = await demoMode.request(apiPath(faultSids('notFound')));
  const fromApi = await upstreamMode.request(apiPath(faultSids('notFound')));

  expect(apiErrorBodySchema.parse(fromDemo.body).message).toBe(
    'The demo has no sessions for these sids; open one of the demo links.',
  );
  expect(apiErrorBodySchema.parse(fromApi.body).message).toBe(
    'The SmarterProctoring API has no sessions at these sids.',
  );
});

test('failures other than 404 name what was asked for', async () => {
  const { request } = setup();

  const malformed = apiErrorBodySchema.parse((await request(apiPath(faultSids('malformed')))).body);
  const htmlError = apiErrorBodySchema.parse(
    (await request(apiPath(faultSids('upstreamError')))).body,
  );

  expect(malformed.message).toBe(
    'The SmarterProctoring API sent the session list in a shape this dashboard cannot read.',
  );
  expect(htmlError.message).toBe(
    'The SmarterProctoring API answered with HTTP 500 instead of the session list. Try again in a few minutes.',
  );
});

test('a rate-limited upstream answers 429 with Retry-After and retryAfterSeconds', async () => {
  const { request, calls } = setup({
    reply: () =>
      Response.json(
        { code: 'TOOMANYREQUESTS', message: 'Rate limit exceeded.', status: 429 },
        { status: 429, headers: { 'Retry-After': '30' } },
      ),
  });

  const response = await request(apiPath(DEMO_SIDS.busy));
  // The token is held now: the next request is answered without asking the upstream.
  const again = await request(apiPath(DEMO_SIDS.busy, '?offset=25'));

  expect(response.status).toBe(429);
  expect(response.headers.get('retry-after')).toBe('30');
  expect(apiErrorBodySchema.parse(response.body)).toMatchObject({
    code: 'rate_limited',
    retryAfterSeconds: 30,
  });
  expect(again.status).toBe(429);
  expect(Number(again.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
  expect(calls).toHaveLength(1);
});

test('a Retry-After given as an HTTP date becomes seconds', async () => {
  const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
  const { request } = setup({
    reply: () => new Response('', { status: 429, headers: { 'Retry-After': inOneMinute } }),
  });

  const body = apiErrorBodySchema.parse((await request(apiPath(DEMO_SIDS.busy))).body);

  expect(body.retryAfterSeconds).toBeGreaterThan(55);
  expect(body.retryAfterSeconds).toBeLessThanOrEqual(60);
});

test('a slow upstream answers 504 upstream_timeout', async () => {
  const { request } = setup({ timeoutMs: 200 });

  const response = await request(apiPath(faultSids('slow')));

  expect(response.status).toBe(504);
  expect(apiErrorBodySchema.parse(response.body).code).toBe('upstream_timeout');
});

test('an unreachable upstream answers 502 upstream_unreachable without naming the host', async () => {
  const closed = await listen(new Hono(), 0, '127.0.0.1');
  await closed.close();
  const { request, logs } = setup({ baseUrl: `http://127.0.0.1:${closed.port}` });

  const response = await request(apiPath(DEMO_SIDS.busy));

  expect(response.status).toBe(502);
  const body = apiErrorBodySchema.parse(response.body);
  expect(body.code).toBe('upstream_unreachable');
  expect(body.message).toBe(
    "The server could not reach the SmarterProctoring API to ask for the session list. Ask an administrator to check the server's network and SP_API_URL.",
  );
  expect(logs[0]).toContain('ECONNREFUSED');
});

test('a token the upstream does not accept (403) answers 502 token_refused', async () => {
  const { request } = setup({ token: 'expired-token' });

  const response = await request(apiPath(DEMO_SIDS.busy));

  expect(response.status).toBe(502);
  expect(apiErrorBodySchema.parse(response.body).code).toBe('token_refused');
});

test('an upstream 401 also answers 502 token_refused', async () => {
  const { request } = setup({
    reply: () =>
      new Response('', {
        status: 401,
        headers: { 'WWW-Authenticate': 'Bearer realm="smarterservices", error="invalid_token"' },
      }),
  });

  const body = apiErrorBodySchema.parse((await request(apiPath(DEMO_SIDS.busy))).body);

  expect(body).toMatchObject({ status: 502, code: 'token_refused' });
});

test('an upstream 400 repeats only a short plain message', async () => {
  const short = setup({
    reply: () =>
      Response.json(
        { code: 'INVALIDINPUT', message: 'limit is too large', status: 400 },
        { status: 400 },
      ),
  });
  const html = setup({
    reply: () => Response.json({ message: '<script>alert(1)</script>' }, { status: 400 }),
  });

  const shortBody = apiErrorBodySchema.parse((await short.request(apiPath(DEMO_SIDS.busy))).body);
  const htmlBody = apiErrorBodySchema.parse((await html.request(apiPath(DEMO_SIDS.busy))).body);

  expect(shortBody).toMatchObject({ status: 502, code: 'upstream_error' });
  expect(shortBody.message).toContain('limit is too large');
  expect(htmlBody.message).not.toContain('script');
});

test('a redirect is not followed, so the token cannot travel to another host', async () => {
  // Redirects to the demo upstream, which would answer 200 if the token came along.
  const redirector = await listen(
    new Hono().get('*', (c) => c.redirect(`${demo.url}${c.req.path}${new URL(c.req.url).search}`)),
    0,
    '127.0.0.1',
  );
  const { request } = setup({ baseUrl: `http://127.0.0.1:${redirector.port}` });

  const response = await request(apiPath(DEMO_SIDS.busy));
  await redirector.close();

  expect(response.status).toBe(502);
  expect(apiErrorBodySchema.parse(response.body).code).toBe('upstream_error');
});

/** A session of the busy demo exam, for paths around the detail routes. */
const SESSION_PATH = `/api/v1/installs/${DEMO_SIDS.busy.installSid}/exams/${DEMO_SIDS.busy.examSid}/sessions/ES0123456789abcdef0123456789abcdef`;

// Settings, profile, detail, events and annotations are routes now; their neighbours are not.
test.each([
  ['/api/anything'],
  ['/api'],
  [`/api/v1/installs/${DEMO_SIDS.busy.installSid}/users`],
  [`/api/v1/installs/${DEMO_SIDS.busy.installSid}/users/US0123456789abcdef0123456789abcdef`],
  [`${SESSION_PATH}/onboard`],
  [`${SESSION_PATH}/events/ER0123456789abcdef0123456789abcdef`],
  [`${SESSION_PATH}/annotations/AN0123456789abcdef0123456789abcdef`],
  [`${SESSION_PATH}/`],
  // The dashboard's detail page has the list's sids; the API's detail route has none of those.
  [`/api${listPath(DEMO_SIDS.busy)}/ES0123456789abcdef0123456789abcdef`],
  [`/api/v1/installs/..%2f..%2fetc`],
  // URL parsing resolves %2e%2e before routing, so these land on paths that are still not ours.
  [`/api/v1/installs/%2e%2e/%2e%2e/v1/installs/${DEMO_SIDS.busy.installSid}/users`],
  [`${SESSION_PATH}/events/%2e%2e/onboard`],
])('no open proxy: GET %s answers 404 JSON and nothing is sent upstream', async (path) => {
  const { request, calls } = setup();

  const response = await request(path);

  expect(response.status).toBe(404);
  expect(apiErrorBodySchema.parse(response.body).code).toBe('route_not_found');
  expect(calls).toHaveLength(0);
});

test.each([
  ['POST', apiPath(DEMO_SIDS.busy)],
  ['DELETE', apiPath(DEMO_SIDS.busy)],
  [
    'PUT',
    `/api/v1/installs/${DEMO_SIDS.busy.installSid}/exams/${DEMO_SIDS.busy.examSid}/sessions/ES0123456789abcdef0123456789abcdef`,
  ],
])(
  'no open proxy: %s %s answers 405 with Allow and nothing is sent upstream',
  async (method, path) => {
    const { request, calls } = setup();

    const response = await request(path, { method });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(apiErrorBodySchema.parse(response.body).code).toBe('method_not_allowed');
    expect(calls).toHaveLength(0);
  },
);

test('a path-traversal sid inside the sessions route is a 400, and nothing is sent upstream', async () => {
  const { request, calls } = setup();

  const response = await request(apiPath({ ...DEMO_SIDS.busy, installSid: '..%2f..%2fsettings' }));

  expect(response.status).toBe(400);
  expect(calls).toHaveLength(0);
});

test('an unexpected error answers a generic 500 and is logged on the server', async () => {
  const { request, appLogs } = setup({
    upstream: stubUpstream({
      fetch: () => Promise.reject(new Error('bug in the mapping code')),
    }),
  });

  const response = await request(apiPath(DEMO_SIDS.busy));

  expect(response.status).toBe(500);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = apiErrorBodySchema.parse(response.body);
  expect(body.code).toBe('internal_error');
  expect(body.message).not.toContain('bug in the mapping code');
  expect(appLogs.join('\n')).toContain('bug in the mapping code');
});

test('server info reports the mode; demo links come only in demo mode', async () => {
  const demoMode = setup();
  const upstreamMode = setup({ demoMode: false });

  const demoInfo = serverInfoSchema.parse((await demoMode.request(SERVER_INFO_PATH)).body);
  const links = demoInfo.mode === 'demo' ? demoInfo.demoLinks : [];
  expect(links.filter((link) => link.kind === 'dashboard')).toHaveLength(4);
  expect(links.filter((link) => link.kind === 'fault')).toHaveLength(DEMO_FAULT_NAMES.length);
  expect((await upstreamMode.request(SERVER_INFO_PATH)).body).toEqual({
    mode: 'upstream',
    access: { mode: 'shared' },
    waitPolicy: { overdueAfterHours: 48, byInstall: {} },
  });
});

test('every demo dashboard link answers through the API', async () => {
  const { request } = setup();

  for (const link of demoLinks.filter((item) => item.kind === 'dashboard')) {
    const response = await request(`/api/v1${link.path}`);
    expect(response.status).toBe(200);
  }
});

/** Every header but the request's own id. */
function headersOf(response: { headers: Headers }): Array<[string, string]> {
  return [...response.headers].filter(([name]) => name !== 'x-request-id');
}

test('HEAD on an API route answers as GET does, without the body', async () => {
  const { request, calls } = setup();

  const head = await request(apiPath(DEMO_SIDS.busy), { method: 'HEAD' });
  const get = await request(apiPath(DEMO_SIDS.busy));

  expect(head.status).toBe(200);
  expect(head.body).toBeNull();
  expect(headersOf(head)).toEqual(headersOf(get));
  expect(head.headers.get('etag')).toMatch(/^"/);
  // The GET found the HEAD's answer in the cache.
  expect(calls).toHaveLength(1);
});

test('a HEAD spends no rows: it asks at the lowest quota priority', async () => {
  const priorities: string[] = [];
  const { request } = setup({
    upstream: stubUpstream({
      fetch: (_name, _sids, _query, call) => {
        priorities.push(call.priority);
        return Promise.reject(new Error('not needed'));
      },
    }),
  });

  await request(apiPath(DEMO_SIDS.busy), { method: 'HEAD' });
  await request(apiPath(DEMO_SIDS.busy));

  expect(priorities).toEqual(['prefetch', 'rows']);
});

test('a revalidated API answer (304) keeps the reuse its 200 had', async () => {
  const { request } = setup();

  const first = await request(apiPath(DEMO_SIDS.busy));
  const etag = first.headers.get('etag') ?? '';
  const again = await request(apiPath(DEMO_SIDS.busy), { headers: { 'if-none-match': etag } });

  expect(again.status).toBe(304);
  expect(again.headers.get('cache-control')).toMatch(/^private, max-age=(9|10)$/);
});

test('HEAD on an unknown API path, or a refused one, answers as GET does', async () => {
  const { request } = setup();

  for (const path of ['/api/nowhere', apiPath({ ...DEMO_SIDS.busy, examSid: 'EX123' })]) {
    const head = await request(path, { method: 'HEAD' });
    const get = await request(path);
    expect(head.status, path).toBe(get.status);
    expect(head.body).toBeNull();
    expect(headersOf(head)).toEqual(headersOf(get));
  }
});

test('a page shorter than asked while more rows exist is logged, since the API may cap page size', async () => {
  const row = {
    sid: 'ES0123456789abcdef0123456789abcdef',
    status: 'Closed',
    sessionType: 'live',
    appointmentDate: null,
    createdDate: '2026-01-01T00:00:00.000Z',
    editDate: '2026-01-01T00:00:00.000Z',
  };
  const { request, logs } = setup({
    reply: () => Response.json({ total: 80, count: 1, offset: 0, results: [row] }),
  });

  const response = await request(apiPath(DEMO_SIDS.busy, '?limit=50'));

  expect(response.status).toBe(200);
  expect(logs).toEqual([
    `upstream GET ${listPath(DEMO_SIDS.busy)}: 1 rows for limit 50 at offset 0 of 80; the API may cap its page size`,
  ]);
});

test('an upstream call its caller gives up is dropped without a failure in the log', async () => {
  const logs: string[] = [];
  const client = createUpstreamClient({
    baseUrl: demo.url,
    timeoutMs: 5_000,
    log: (line) => logs.push(line),
  });
  clients.push(client);
  const giveUp = new AbortController();
  giveUp.abort();

  await expect(
    client.fetch(sessionListSource, DEMO_SIDS.busy, DEFAULT_LIST_QUERY, {
      token: TOKEN,
      priority: 'rows',
      signal: giveUp.signal,
    }),
  ).rejects.toBeInstanceOf(UpstreamError);
  expect(logs).toEqual([]);
});
