/**
 * Two built servers behind no load balancer but one real redis-server and one demo upstream that
 * counts its calls: what one instance learns, the other knows. API-level: no browser is needed.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { SIGN_IN_ACTION, SIGN_OUT_ACTION } from '#src/api/contract/sign-in.ts';
import { startDemoUpstream, type DemoUpstreamServer } from '#server/demo-upstream/app.ts';
import { DEMO_SIDS, faultSids } from '#server/demo-upstream/data.ts';
import { createDemoUserToken } from '#server/demo-upstream/user-tokens.ts';
import { startRedisServer, type RedisServer } from '#server/testing/redis-server.ts';
import { expect, test } from '@playwright/test';
import { z } from 'zod';
import { startInstance, type Instance } from './instances.ts';

const BUSY_LIST = sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);
const readinessSchema = z.object({
  ready: z.boolean(),
  detail: z.string(),
  sharedState: z.string(),
});

async function readiness(instance: Instance) {
  const answer = await fetch(`${instance.origin}/readyz`);
  return { status: answer.status, ...readinessSchema.parse(await answer.json()) };
}

let redis: RedisServer;
let upstream: DemoUpstreamServer;
let upstreamCalls = 0;
let a: Instance;
let b: Instance;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  redis = await startRedisServer();
  upstream = await startDemoUpstream({
    token: randomUUID(),
    acceptUserTokens: true,
    onRequest: () => {
      upstreamCalls += 1;
    },
  });
  const settings = {
    SP_API_URL: upstream.url,
    SP_AUTH: 'user',
    SP_SESSION_SECRET: randomBytes(48).toString('base64url'),
    REDIS_URL: redis.url,
    SP_UPSTREAM_CALLS_PER_MINUTE: '60',
    SP_RATE_LIMIT_PER_MINUTE: '100000',
  };
  [a, b] = await Promise.all([startInstance(settings), startInstance(settings)]);
});

test.afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
  await upstream.close();
  await redis.stop();
});

/** Signs a new demo staff member in on `instance`; their token is their own budget. */
async function signIn(instance: Instance): Promise<string> {
  const response = await fetch(`${instance.origin}${SIGN_IN_ACTION}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: instance.origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: createDemoUserToken(`Staff ${randomUUID()}`, 3600) }),
  });
  expect(response.status).toBe(303);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (cookie === undefined) throw new Error('no session cookie');
  return cookie;
}

function get(instance: Instance, path: string, cookie: string): Promise<Response> {
  return fetch(`${instance.origin}${path}`, { headers: { cookie } });
}

test('a list answer fetched through A is served by B without another upstream call', async () => {
  const cookie = await signIn(a);
  const before = upstreamCalls;

  const first = await get(a, BUSY_LIST, cookie);
  expect(first.status).toBe(200);
  expect(upstreamCalls).toBe(before + 1);
  const again = await get(b, BUSY_LIST, cookie);

  expect(again.status).toBe(200);
  expect(await again.json()).toEqual(await first.json());
  expect(upstreamCalls).toBe(before + 1);
});

test('an upstream 429 seen through A holds the token on B, which answers without asking', async () => {
  const cookie = await signIn(a);
  const limited = sessionListEndpoint.apiPath(faultSids('rateLimited'), DEFAULT_LIST_QUERY);
  const before = upstreamCalls;

  const throughA = await get(a, limited, cookie);
  expect(throughA.status).toBe(429);
  expect(upstreamCalls).toBe(before + 1);
  const throughB = await get(b, limited, cookie);
  const otherView = await get(b, BUSY_LIST, cookie);

  expect(throughB.status).toBe(429);
  expect(apiErrorBodySchema.parse(await throughB.json()).code).toBe('rate_limited');
  expect(Number(throughB.headers.get('retry-after'))).toBeGreaterThan(0);
  // The hold is the token's, whatever it asks for.
  expect(otherView.status).toBe(429);
  expect(upstreamCalls).toBe(before + 1);
});

test('with 60 upstream calls a minute, A and B together make 60, then both refuse', async () => {
  const cookie = await signIn(a);
  const before = upstreamCalls;
  const statuses: number[] = [];

  // 80 different pages, so no answer can be reused: each costs a call unless refused.
  for (let page = 0; page < 80; page += 1) {
    const path = sessionListEndpoint.apiPath(DEMO_SIDS.busy, {
      ...DEFAULT_LIST_QUERY,
      limit: 10,
      offset: page * 10,
    });
    statuses.push((await get(page % 2 === 0 ? a : b, path, cookie)).status);
  }

  expect(upstreamCalls - before).toBe(60);
  expect(statuses.filter((status) => status === 200)).toHaveLength(60);
  expect(statuses.slice(60)).toEqual(Array<number>(20).fill(429));
});

test('a session signed out on A is refused on B', async () => {
  const cookie = await signIn(a);
  expect((await get(b, BUSY_LIST, cookie)).status).toBe(200);

  const signedOut = await fetch(`${a.origin}${SIGN_OUT_ACTION}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { origin: a.origin, cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(signedOut.status).toBe(303);
  const replayed = await get(b, BUSY_LIST, cookie);

  expect(replayed.status).toBe(401);
  expect(apiErrorBodySchema.parse(await replayed.json()).code).toBe('sign_in_required');
});

test('with Redis stopped both instances keep answering, and /readyz says degraded', async () => {
  const cookie = await signIn(a);
  for (const instance of [a, b]) {
    expect((await readiness(instance)).sharedState).toBe('shared');
  }

  await redis.stop();

  for (const instance of [a, b]) {
    expect((await get(instance, BUSY_LIST, cookie)).status).toBe(200);
    const ready = await readiness(instance);
    expect(ready).toMatchObject({ status: 200, ready: true, sharedState: 'degraded' });
    expect(ready.detail).toContain('shared state degraded');
  }
  // One line for the outage, however many requests it touched.
  expect(a.output().match(/shared state unreachable/g)).toHaveLength(1);

  await redis.start();
  for (const instance of [a, b]) {
    await expect
      .poll(async () => (await readiness(instance)).sharedState, { timeout: 10_000 })
      .toBe('shared');
  }
  expect(a.output()).toMatch(/shared state back/);
});
