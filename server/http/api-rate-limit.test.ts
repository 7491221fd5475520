import { request as httpRequest } from 'node:http';
import { MemoryStore, type Store } from 'hono-rate-limiter';
import { afterEach, expect, test } from 'vitest';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import type { Access } from '#server/auth/access.ts';
import { createUserSessions } from '#server/auth/user-sessions.ts';
import { createApp, type Guards } from '#server/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import { listen, type Listening } from '#server/http/listen.ts';
import type { LogFields } from '#server/http/log.ts';
import { EMPTY_UPSTREAM_LIST, stubUpstream } from '#server/testing/stub-upstream.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const LIST_PATH = sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
/** Another loopback address, so that one test machine can be two clients. */
const OTHER_ADDRESS = '127.0.0.2';

const servers: Listening[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** The dashboard on a real socket, so the limit sees real peer addresses. */
async function startDashboard(
  guards: Omit<Guards, 'https'>,
  { perUser = false, readsOfSessions = { count: 0 } } = {},
) {
  const logs: LogFields[] = [];
  let access: Access = { mode: 'shared', tokens: staticToken('shared-token') };
  if (perUser) {
    const sessions = createUserSessions({ secret: SECRET, secure: false });
    access = {
      mode: 'user',
      sessions: {
        ...sessions,
        read: (request) => {
          readsOfSessions.count += 1;
          return sessions.read(request);
        },
      },
    };
  }
  const app = createApp({
    access,
    upstream: stubUpstream({ fetch: () => Promise.resolve(EMPTY_UPSTREAM_LIST) }),
    guards: { https: false, ...guards },
    log: (message, fields) => {
      if (message === 'request' && fields !== undefined) logs.push(fields);
    },
  });
  const server = await listen(app, 0, '127.0.0.1');
  servers.push(server);

  /** Posts the sign-in form as the staff member's browser would; returns the session cookie. */
  async function signIn(token: string): Promise<string> {
    const response = await app.request('http://localhost/auth/sign-in', {
      method: 'POST',
      headers: { origin: 'http://localhost', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, next: '/' }),
    });
    return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  /** One GET of the session list from the address `from`, through whatever headers are given. */
  function list({
    from = '127.0.0.1',
    forwardedFor,
    cookie,
  }: { from?: string; forwardedFor?: string; cookie?: string } = {}) {
    const headers: Record<string, string> = {};
    if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
    if (cookie !== undefined) headers.cookie = cookie;
    return new Promise<{ status: number; retryAfter: string | undefined; text: string }>(
      (resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port: server.port, path: LIST_PATH, localAddress: from, headers },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                retryAfter: response.headers['retry-after'],
                text,
              }),
            );
          },
        );
        request.on('error', reject);
        request.end();
      },
    );
  }

  return { list, signIn, logs };
}

function refusal(answer: { status: number; retryAfter: string | undefined; text: string }) {
  expect(answer.status).toBe(429);
  const body = apiErrorBodySchema.parse(JSON.parse(answer.text));
  expect(body.code).toBe('too_many_requests');
  expect(answer.retryAfter).toBe(String(body.retryAfterSeconds));
  return body.message;
}

test('behind one trusted proxy (TRUST_PROXY=1), two staff members each get their own limit', async () => {
  const { list, logs } = await startDashboard({ rateLimitPerMinute: 2, trustProxy: { hops: 1 } });

  expect((await list({ forwardedFor: '203.0.113.7' })).status).toBe(200);
  expect((await list({ forwardedFor: '203.0.113.7' })).status).toBe(200);
  const message = refusal(await list({ forwardedFor: '203.0.113.7' }));
  expect((await list({ forwardedFor: '203.0.113.8' })).status).toBe(200);

  expect(message).toMatch(
    /^More than 2 requests came from your network address in a minute \(everyone behind the same proxy counts together\)\. Try again in \d+ seconds\.$/,
  );
  expect(logs.map((line) => line.client)).toEqual([
    '203.0.113.7',
    '203.0.113.7',
    '203.0.113.7',
    '203.0.113.8',
  ]);
});

test('behind a trusted proxy, what a browser writes before the proxy’s own entry is not believed', async () => {
  const { list } = await startDashboard({ rateLimitPerMinute: 2, trustProxy: { hops: 1 } });

  // The proxy appends the address it saw; anything before it came from the browser.
  expect((await list({ forwardedFor: '198.51.100.1, 203.0.113.7' })).status).toBe(200);
  expect((await list({ forwardedFor: '198.51.100.2, 203.0.113.7' })).status).toBe(200);
  expect((await list({ forwardedFor: '198.51.100.3, 203.0.113.7' })).status).toBe(429);
});

test('without TRUST_PROXY a forged X-Forwarded-For changes nothing: the socket peer is counted', async () => {
  const { list, logs } = await startDashboard({ rateLimitPerMinute: 2 });

  expect((await list({ forwardedFor: '203.0.113.7' })).status).toBe(200);
  expect((await list({ forwardedFor: '203.0.113.8' })).status).toBe(200);
  expect((await list({ forwardedFor: '203.0.113.9' })).status).toBe(429);
  expect((await list({ from: OTHER_ADDRESS })).status).toBe(200);

  expect(logs.map((line) => line.client)).toEqual([
    '127.0.0.1',
    '127.0.0.1',
    '127.0.0.1',
    OTHER_ADDRESS,
  ]);
});

test('with a list of proxies, only a listed peer may say whom it forwards for', async () => {
  const { list } = await startDashboard({
    rateLimitPerMinute: 1,
    trustProxy: { peers: ['127.0.0.1'] },
  });

  // 127.0.0.1 is the institution's proxy: each forwarded address has its own limit.
  expect((await list({ forwardedFor: '203.0.113.7' })).status).toBe(200);
  expect((await list({ forwardedFor: '203.0.113.8' })).status).toBe(200);
  // 127.0.0.2 is not listed: its forged addresses all count as 127.0.0.2.
  expect((await list({ from: OTHER_ADDRESS, forwardedFor: '203.0.113.9' })).status).toBe(200);
  expect((await list({ from: OTHER_ADDRESS, forwardedFor: '203.0.113.10' })).status).toBe(429);
});

test('a list that names ranges (loopback) trusts every peer in them', async () => {
  const { list } = await startDashboard({
    rateLimitPerMinute: 1,
    trustProxy: { peers: ['loopback'] },
  });

  expect((await list({ forwardedFor: '203.0.113.7' })).status).toBe(200);
  expect((await list({ forwardedFor: '203.0.113.8' })).status).toBe(200);
  // Through another proxy in the range, the same staff member is still the same client.
  expect((await list({ from: OTHER_ADDRESS, forwardedFor: '203.0.113.7' })).status).toBe(429);
});

test('with per-user sign-in, two staff members behind one address each get their own limit', async () => {
  const { list, signIn } = await startDashboard({ rateLimitPerMinute: 2 }, { perUser: true });
  const alice = await signIn('alice-token');
  const bob = await signIn('bob-token');

  expect((await list({ cookie: alice })).status).toBe(200);
  expect((await list({ cookie: alice })).status).toBe(200);
  const message = refusal(await list({ cookie: alice }));
  expect((await list({ cookie: bob })).status).toBe(200);

  expect(message).toMatch(
    /^You have made more than 2 requests to the dashboard in a minute\. Try again in \d+ seconds\.$/,
  );
});

test('with per-user sign-in, one staff member on two addresses has one limit', async () => {
  const { list, signIn } = await startDashboard({ rateLimitPerMinute: 2 }, { perUser: true });
  const alice = await signIn('alice-token');

  expect((await list({ cookie: alice })).status).toBe(200);
  expect((await list({ cookie: alice, from: OTHER_ADDRESS })).status).toBe(200);
  expect((await list({ cookie: alice, from: OTHER_ADDRESS })).status).toBe(429);
});

test('with per-user sign-in, requests without a session are counted by address, apart from signed-in staff', async () => {
  const { list, signIn } = await startDashboard({ rateLimitPerMinute: 2 }, { perUser: true });
  const alice = await signIn('alice-token');

  expect((await list()).status).toBe(401);
  expect((await list({ cookie: 'sp_session=forged' })).status).toBe(401);
  expect(refusal(await list())).toMatch(/^More than 2 requests came from your network address/);
  expect((await list({ cookie: alice })).status).toBe(200);
});

test('a signed-in request opens its session cookie once, for the limit and the route together', async () => {
  const readsOfSessions = { count: 0 };
  const { list, signIn } = await startDashboard(
    { rateLimitPerMinute: 10 },
    { perUser: true, readsOfSessions },
  );
  const alice = await signIn('alice-token');

  expect((await list({ cookie: alice })).status).toBe(200);
  expect(readsOfSessions.count).toBe(1);
});

test('a store given to the limit keeps its counts, under keys that never hold a token', async () => {
  const memory = new MemoryStore<ApiEnv>();
  const keys: string[] = [];
  const store: Store<ApiEnv> = {
    init: (options) => memory.init(options),
    increment: (key) => {
      keys.push(key);
      return memory.increment(key);
    },
    decrement: (key) => memory.decrement(key),
    resetKey: (key) => memory.resetKey(key),
  };
  const { list, signIn } = await startDashboard(
    { rateLimitPerMinute: 1, rateLimitStore: store, trustProxy: { hops: 1 } },
    { perUser: true },
  );
  const alice = await signIn('alice-token');

  expect((await list({ cookie: alice, forwardedFor: '203.0.113.7' })).status).toBe(200);
  expect((await list({ forwardedFor: '203.0.113.7' })).status).toBe(401);
  expect((await list({ forwardedFor: '203.0.113.7' })).status).toBe(429);

  expect(keys).toHaveLength(3);
  expect(keys[0]).toMatch(/^user:[\w-]{43}$/);
  expect(keys.slice(1)).toEqual(['address:203.0.113.7', 'address:203.0.113.7']);
  expect(keys.join()).not.toContain('alice-token');
});
