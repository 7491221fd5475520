// Two instances' state on one real redis-server, against each other and against the memory state.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { QuotaPriority } from '#src/api/contract/endpoint.ts';
import type { LogFields } from '#server/http/log.ts';
import { createMemoryState } from '#server/shared-state/memory-state.ts';
import { createRedisState } from '#server/shared-state/redis-state.ts';
import type { SharedState } from '#server/shared-state/shared-state.ts';
import { startRedisServer, type RedisServer } from '#server/testing/redis-server.ts';

let redis: RedisServer;
const states: SharedState[] = [];
let tokenCount = 0;

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await Promise.all(states.splice(0).map((state) => state.close()));
});

/** A fresh token key per test: the Redis outlives each test. */
function newTokenKey(): string {
  tokenCount += 1;
  return `token-${String(tokenCount)}-${String(Date.now())}`;
}

async function instance({
  callsPerMinute = 60,
  clock = { now: Date.now() },
  log = [] as Array<{ message: string; fields: LogFields }>,
  url = redis.url,
  namespace = 'http://upstream.test',
  probeMs = 1_000,
} = {}) {
  const state = await createRedisState({
    url,
    namespace,
    log: (message, fields = {}) => log.push({ message, fields }),
    callsPerMinute,
    maxHoldSeconds: 120,
    probeMs,
    now: () => clock.now,
  });
  states.push(state);
  return { state, clock, log };
}

async function twoInstances(options: { callsPerMinute?: number } = {}) {
  const clock = { now: Date.now() };
  const a = await instance({ ...options, clock });
  const b = await instance({ ...options, clock });
  return { a: a.state, b: b.state, clock };
}

test('two instances spend one budget: 60 calls a minute between them, then both refuse', async () => {
  const { a, b } = await twoInstances({ callsPerMinute: 60 });
  const token = newTokenKey();

  let passed = 0;
  for (let call = 0; call < 80; call += 1) {
    const taken = await (call % 2 === 0 ? a : b).budget.take(token, 'rows', 1);
    if (taken.ok) passed += 1;
  }

  expect(passed).toBe(60);
  const refused = await b.budget.take(token, 'rows', 1);
  expect(refused).toMatchObject({ ok: false });
  expect(refused.ok ? 0 : refused.retryAfterSeconds).toBeGreaterThan(55);
  expect(await a.budget.used()).toBeGreaterThanOrEqual(60);
});

test('the shared budget keeps the same priority shares as the memory one, and refunds', async () => {
  const { a, b } = await twoInstances({ callsPerMinute: 60 });
  const memory = createMemoryState({ callsPerMinute: 60, maxHoldSeconds: 120, now: Date.now });
  const token = newTokenKey();
  const script: Array<[QuotaPriority, number]> = [
    ['rows', 30],
    ['prefetch', 5],
    ['counts', 12],
    ['context', 20],
    ['detail', 10],
    ['rows', 10],
  ];

  const outcomes = async (state: Pick<SharedState, 'budget'>[]) => {
    const seen: boolean[] = [];
    let turn = 0;
    for (const [priority, calls] of script) {
      for (let call = 0; call < calls; call += 1) {
        const taken = await (state[turn % state.length] ?? state[0])?.budget.take(
          token,
          priority,
          1,
        );
        turn += 1;
        seen.push(taken?.ok === true);
      }
    }
    return seen;
  };

  const shared = await outcomes([a, b]);
  expect(shared).toEqual(await outcomes([memory]));
  expect(shared.filter(Boolean).length).toBeLessThan(script.reduce((sum, [, n]) => sum + n, 0));

  // A fan-out's unused calls go back for everyone.
  const other = newTokenKey();
  const fanOut = await a.budget.take(other, 'rows', 60);
  expect(fanOut.ok).toBe(true);
  expect((await b.budget.take(other, 'rows', 1)).ok).toBe(false);
  if (fanOut.ok) fanOut.refund(10);
  await expect.poll(async () => (await b.budget.take(other, 'rows', 1)).ok).toBe(true);
});

test('a 429 held through one instance holds the other; after it, one caller in all asks', async () => {
  const { a, b, clock } = await twoInstances();
  const token = newTokenKey();

  expect(await a.holds.hold(token, '5')).toBe(5);
  expect(await b.holds.remainingSeconds(token)).toBe(5);
  expect(await b.holds.admit(token)).toEqual({ heldSeconds: 5 });
  expect(await b.holds.heldCount()).toBeGreaterThanOrEqual(1);

  clock.now += 5_000;
  const probe = await b.holds.admit(token);
  expect('release' in probe).toBe(true);
  expect(await a.holds.admit(token)).toEqual({ heldSeconds: 1 });
  if ('release' in probe) probe.release();
  await expect.poll(async () => 'release' in (await a.holds.admit(token))).toBe(true);

  // The probe met another 429: the strikes are shared, so the hold doubles.
  expect(await a.holds.hold(token, '1')).toBe(2);
  clock.now += 2_000;
  expect(await b.holds.hold(token, '1')).toBe(4);
  await a.holds.answered(token);
  expect(await b.holds.remainingSeconds(token)).toBeUndefined();
});

test('an answer, a sign-out, an open circuit and a client limit are seen by the other instance', async () => {
  const { a, b } = await twoInstances();
  const cacheKey = `${newTokenKey()} /v1/list?limit=25`;

  await a.answers?.set(cacheKey, { text: '{"total":0}', storedAt: 1234 }, 10_000);
  expect(await b.answers?.get(cacheKey)).toEqual({ text: '{"total":0}', storedAt: 1234 });
  expect(await b.answers?.get(`${cacheKey}&offset=25`)).toBeUndefined();

  await a.signOuts.add('session-1', Date.now() + 60_000);
  expect(await b.signOuts.has('session-1')).toBe(true);
  expect(await b.signOuts.has('session-2')).toBe(false);

  await a.breaker.opened(5_000);
  expect(await b.breaker.refusalSeconds()).toBe(5);
  await b.breaker.closed();
  expect(await a.breaker.refusalSeconds()).toBeUndefined();

  const name = `api-${newTokenKey()}`;
  const [limitA, limitB] = [a.rateLimitStore(name), b.rateLimitStore(name)];
  const config = { windowMs: 60_000 } as const;
  for (const limit of [limitA, limitB]) limit.init?.(config as never);
  await limitA.increment('203.0.113.7');
  await limitA.increment('203.0.113.7');
  expect((await limitB.increment('203.0.113.7')).totalHits).toBe(3);
  expect((await limitB.increment('203.0.113.8')).totalHits).toBe(1);
});

test('with Redis stopped, each instance serves from memory and says degraded; it switches back', async () => {
  const log: Array<{ message: string; fields: LogFields }> = [];
  const { state } = await instance({ log });
  const token = newTokenKey();
  expect(state.health()).toBe('shared');

  await redis.stop();
  await expect.poll(() => state.health()).toBe('degraded');
  expect((await state.budget.take(token, 'rows', 1)).ok).toBe(true);
  expect(await state.holds.hold(token, '3')).toBe(3);
  expect(await state.holds.remainingSeconds(token)).toBe(3);
  await state.signOuts.add('session-9', Date.now() + 60_000);
  expect(await state.signOuts.has('session-9')).toBe(true);
  const down = log.filter((line) => line.fields.event === 'shared_state_degraded');
  expect(down).toHaveLength(1);
  expect(down[0]?.message).toMatch(/serves from its own memory/);

  await redis.start();
  await expect.poll(() => state.health(), { timeout: 10_000 }).toBe('shared');
  expect(log.filter((line) => line.fields.event === 'shared_state_restored')).toHaveLength(1);
  expect(await state.holds.remainingSeconds(newTokenKey())).toBeUndefined();
});

test('two 429s met at once on two instances keep the longer hold', async () => {
  const { a, b } = await twoInstances();
  const tokens = Array.from({ length: 20 }, newTokenKey);

  await Promise.all(
    tokens.flatMap((token) => [a.holds.hold(token, '120'), b.holds.hold(token, null)]),
  );

  for (const token of tokens) expect(await a.holds.remainingSeconds(token)).toBe(120);
});

test('a probe claim outlived by its caller is not released by it: only one caller asks', async () => {
  const clock = { now: Date.now() };
  const [a, b] = [
    (await instance({ clock, probeMs: 150 })).state,
    (await instance({ clock, probeMs: 150 })).state,
  ];
  const token = newTokenKey();
  await a.holds.hold(token, '1');
  clock.now += 1_000;

  const late = await a.holds.admit(token);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const next = await b.holds.admit(token);
  if ('release' in late) late.release();

  expect('release' in next).toBe(true);
  await expect.poll(() => a.holds.admit(token)).toEqual({ heldSeconds: 1 });
});

test('instances reading different upstreams share no breaker', async () => {
  const prod = (await instance({ namespace: 'https://api.example.edu' })).state;
  const staging = (await instance({ namespace: 'http://127.0.0.1:9999' })).state;

  await staging.breaker.opened(5_000);

  expect(await prod.breaker.refusalSeconds()).toBeUndefined();
  expect(await staging.breaker.refusalSeconds()).toBe(5);
});

test('a hung Redis costs one timeout, not one per call, and is used again once it answers', async () => {
  const log: Array<{ message: string; fields: LogFields }> = [];
  const { state } = await instance({ log });
  const token = newTokenKey();

  redis.pause();
  try {
    await state.budget.take(token, 'rows', 1);
    const started = performance.now();
    for (let call = 0; call < 20; call += 1) await state.holds.remainingSeconds(token);
    expect(performance.now() - started).toBeLessThan(100);
    expect(state.health()).toBe('degraded');
  } finally {
    redis.resume();
  }

  await expect.poll(() => state.health(), { timeout: 5_000 }).toBe('shared');
  expect(log.map((line) => line.fields.event)).toEqual([
    'shared_state_degraded',
    'shared_state_restored',
  ]);
});

test('sign-outs survive an empty Redis: each instance writes its own again when it is back', async () => {
  const { a, b } = await twoInstances();
  await a.signOuts.add('before-restart', Date.now() + 60_000);

  await redis.stop();
  await a.signOuts.add('during-outage', Date.now() + 60_000);
  await redis.start();
  await expect.poll(() => a.health(), { timeout: 10_000 }).toBe('shared');
  await expect.poll(() => b.health(), { timeout: 10_000 }).toBe('shared');

  await expect.poll(() => b.signOuts.has('before-restart')).toBe(true);
  expect(await b.signOuts.has('during-outage')).toBe(true);
});

test('a password in REDIS_URL, in its user part or its query, never reaches the log', async () => {
  const log: Array<{ message: string; fields: LogFields }> = [];
  const port = new URL(redis.url).port;
  const { state } = await instance({
    log,
    url: `redis://:userpart-secret@127.0.0.1:${port}/0?password=query-secret`,
  });

  await redis.stop();
  await expect.poll(() => state.health()).toBe('degraded');
  await redis.start();
  const written = JSON.stringify(log);
  expect(written).toContain(`127.0.0.1:${port}/0`);
  expect(written).not.toContain('secret');
});
