import { afterEach, expect, test, vi } from 'vitest';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { createApp, type Guards } from '#server/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import type { LogFields } from '#server/http/log.ts';
import {
  EMPTY_UPSTREAM_LIST,
  stubUpstream,
  type StubFetch,
} from '#server/testing/stub-upstream.ts';
import { rateLimited, UpstreamError, type UpstreamClient } from '#server/upstream/client.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const LIST_PATH = sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);

function setup(
  guards: Guards,
  upstream: Partial<Omit<UpstreamClient, 'fetch'>> & { fetch?: StubFetch } = {},
) {
  const logs: Array<{ message: string; fields: LogFields | undefined }> = [];
  const upstreamCalls: string[] = [];
  const closed = new AbortController();
  const app = createApp({
    access: { mode: 'shared', tokens: staticToken('guards-token') },
    upstream: stubUpstream({
      fetch: (endpointName) => {
        upstreamCalls.push(endpointName);
        return Promise.resolve(EMPTY_UPSTREAM_LIST);
      },
      ...upstream,
    }),
    guards,
    log: (message, fields) => logs.push({ message, fields }),
    closed: closed.signal,
  });
  return { app, logs, upstreamCalls, close: () => closed.abort() };
}

const OPEN: Guards = { https: false, rateLimitPerMinute: 0 };

afterEach(() => {
  vi.useRealTimers();
});

/** `total` requests, `concurrency` at a time. */
async function flood(app: ReturnType<typeof setup>['app'], total: number, concurrency = 50) {
  for (let sent = 0; sent < total; sent += concurrency) {
    const batch = Math.min(concurrency, total - sent);
    await Promise.all(
      Array.from({ length: batch }, async () => (await app.request(LIST_PATH)).arrayBuffer()),
    );
  }
}

test('every answer carries a strict policy: no inline script, no framing, no referrer', async () => {
  const { app } = setup(OPEN);
  for (const path of ['/healthz', LIST_PATH, '/api/nowhere']) {
    const response = await app.request(path);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  }
});

test('HSTS is sent only behind TLS', async () => {
  const { app } = setup({ ...OPEN, https: true });
  expect((await app.request('/healthz')).headers.get('strict-transport-security')).toContain(
    'max-age=',
  );
});

test('only loopback names on our port and the public host may address the server (421)', async () => {
  const { app, upstreamCalls } = setup({
    ...OPEN,
    hosts: { port: () => 4173, publicUrl: new URL('https://proctoring.example.edu') },
  });
  const status = async (origin: string) => (await app.request(`${origin}${LIST_PATH}`)).status;

  expect(await status('http://localhost:4173')).toBe(200);
  expect(await status('http://127.0.0.1:4173')).toBe(200);
  expect(await status('http://[::1]:4173')).toBe(200);
  expect(await status('https://proctoring.example.edu')).toBe(200);
  expect(upstreamCalls).toHaveLength(4);
  // A rebinding attacker's page sends its own name; a wrong port is another service's name.
  expect(await status('http://attacker.example:4173')).toBe(421);
  expect(await status('http://localhost:8080')).toBe(421);
  expect(await status('http://proctoring.example.edu.attacker.example')).toBe(421);
  expect(upstreamCalls).toHaveLength(4);
});

test('an over-long URL gets a JSON 414 and nothing goes upstream', async () => {
  const { app, upstreamCalls } = setup(OPEN);
  const response = await app.request(`${LIST_PATH}&junk=${'x'.repeat(3000)}`);
  expect(response.status).toBe(414);
  expect(apiErrorBodySchema.parse(await response.json()).code).toBe('uri_too_long');
  expect(upstreamCalls).toEqual([]);
});

test('methods other than GET and HEAD get 405 with Allow, anywhere', async () => {
  const { app, upstreamCalls } = setup(OPEN);
  for (const [method, path] of [
    ['POST', LIST_PATH],
    ['DELETE', LIST_PATH],
    ['PUT', '/'],
    ['PATCH', '/api/server-info'],
    ['POST', '/auth/sign-in'],
  ] as const) {
    const response = await app.request(path, { method });
    expect(response.status, `${method} ${path}`).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(apiErrorBodySchema.parse(await response.json()).code).toBe('method_not_allowed');
  }
  expect(upstreamCalls).toEqual([]);
});

test('a client past its per-minute limit gets 429 with Retry-After, and /healthz stays open', async () => {
  const { app, upstreamCalls } = setup({ ...OPEN, rateLimitPerMinute: 3 });
  for (let i = 0; i < 3; i += 1) expect((await app.request(LIST_PATH)).status).toBe(200);

  const limited = await app.request(LIST_PATH);
  expect(limited.status).toBe(429);
  const body = apiErrorBodySchema.parse(await limited.json());
  expect(body.code).toBe('too_many_requests');
  expect(body.retryAfterSeconds).toBeGreaterThan(0);
  expect(Number(limited.headers.get('retry-after'))).toBe(body.retryAfterSeconds);
  expect(upstreamCalls).toHaveLength(3);
  expect((await app.request('/healthz')).status).toBe(200);
});

test('each request logs one JSON-ready line with its id, route pattern and timing, never its values', async () => {
  const { app, logs } = setup(OPEN);
  const response = await app.request(LIST_PATH);
  const requestId = response.headers.get('x-request-id');

  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  const lines = logs.filter((line) => line.message === 'request');
  expect(lines).toHaveLength(1);
  expect(lines[0]?.fields).toMatchObject({
    requestId,
    method: 'GET',
    route: '/api/v1/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions',
    status: 200,
  });
  expect(lines[0]?.fields?.durationMs).toBeTypeOf('number');
  const logged = JSON.stringify(logs);
  expect(logged).not.toContain(DEMO_SIDS.busy.examSid);
  expect(logged).not.toContain('sortKeys');
  expect(logged).not.toContain('createdDate');
  expect(logged).not.toContain('guards-token');
});

test('/healthz says the process is up; /readyz asks the upstream, and reuses the answer briefly', async () => {
  let checks = 0;
  let ready = false;
  const { app } = setup(OPEN, {
    checkReady: () => {
      checks += 1;
      return Promise.resolve({ ready, detail: ready ? 'reachable' : 'token refused' });
    },
  });

  expect(await (await app.request('/healthz')).json()).toEqual({ ok: true });
  const notReady = await app.request('/readyz');
  expect(notReady.status).toBe(503);
  expect(await notReady.json()).toEqual({
    ready: false,
    detail: 'token refused',
    sharedState: 'memory',
  });
  ready = true;
  expect((await app.request('/readyz')).status).toBe(503);
  expect(checks).toBe(1);
});

test('/readyz says when the shared state is degraded, and stays ready: memory still serves', async () => {
  const app = createApp({
    access: { mode: 'shared', tokens: staticToken('guards-token') },
    upstream: stubUpstream(),
    sharedStateHealth: () => 'degraded',
    log: () => undefined,
  });

  const answer = await app.request('/readyz');

  expect(answer.status).toBe(200);
  expect(await answer.json()).toEqual({
    ready: true,
    detail:
      'stub upstream; shared state degraded: REDIS_URL is not answering, this instance uses its own memory',
    sharedState: 'degraded',
  });
});

test('an error message repeats at most a short excerpt of what the client sent', async () => {
  const { app } = setup(OPEN);
  const response = await app.request(`/api/${'<script>'.repeat(100)}`);
  const body = apiErrorBodySchema.parse(await response.json());
  expect(body.message.length).toBeLessThan(200);
  expect(body.message).not.toContain('<script>'.repeat(20));
});

test('a flood of rate-limited requests logs its first 429 at once and the rest as one summary', async () => {
  const { app, logs, close } = setup({ ...OPEN, rateLimitPerMinute: 1 });

  await flood(app, 1, 1);
  await flood(app, 1_999);
  close();

  expect(logs.length).toBeLessThanOrEqual(3);
  expect(logs.map(({ fields }) => [fields?.status, fields?.code])).toEqual([
    [200, undefined],
    [429, 'too_many_requests'],
    [429, 'too_many_requests'],
  ]);
  expect(logs[1]?.fields).toMatchObject({ method: 'GET', route: '/api/*' });
  expect(logs[2]).toEqual({
    message: 'request answered 429 too_many_requests repeated 1998 more times in the last 10 s',
    fields: {
      event: 'request_summary',
      status: 429,
      code: 'too_many_requests',
      count: 1998,
      windowMs: 10_000,
    },
  });
});

test('a summary is written when its 10 s window ends, and the next flood opens a new window', async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const { app, logs } = setup({ ...OPEN, rateLimitPerMinute: 1 });

  await flood(app, 1, 1);
  await flood(app, 99);
  expect(logs).toHaveLength(2);
  vi.advanceTimersByTime(10_000);
  expect(logs).toHaveLength(3);
  expect(logs[2]?.fields).toMatchObject({ event: 'request_summary', count: 98 });
  await flood(app, 100);
  expect(logs).toHaveLength(4);
  expect(logs[3]).toMatchObject({
    message: 'request',
    fields: { status: 429, code: 'too_many_requests' },
  });
});

test('upstream refusals are summarised by code; other errors keep one line each, with their code', async () => {
  let answer: UpstreamError = rateLimited(30);
  const { app, logs, close } = setup(OPEN, { fetch: () => Promise.reject(answer) });

  await flood(app, 200);
  answer = new UpstreamError('upstream_timeout', 504, 'The upstream did not answer.');
  await flood(app, 5);
  close();

  const kinds = logs.map(
    ({ fields }) => `${fields?.event ?? 'request'} ${fields?.status} ${fields?.code}`,
  );
  expect(kinds).toEqual([
    'request 429 rate_limited',
    ...Array<string>(5).fill('request 504 upstream_timeout'),
    'request_summary 429 rate_limited',
  ]);
  expect(logs.at(-1)?.fields?.count).toBe(199);
});
