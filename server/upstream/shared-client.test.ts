// Two upstream clients (two instances) on one real redis-server and one demo upstream.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_LIST_QUERY, sessionListSource } from '#src/api/contract/session-list.ts';
import { startDemoUpstream, type DemoUpstreamServer } from '#server/demo-upstream/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { createRedisState } from '#server/shared-state/redis-state.ts';
import { startRedisServer, type RedisServer } from '#server/testing/redis-server.ts';
import {
  createUpstreamClient,
  type UpstreamClient,
  type UpstreamObservation,
} from '#server/upstream/client.ts';

const TOKEN = randomUUID();
let redis: RedisServer;
let upstream: DemoUpstreamServer;
let upstreamCalls = 0;
const closing: Array<() => Promise<void>> = [];

beforeAll(async () => {
  redis = await startRedisServer();
  upstream = await startDemoUpstream({
    token: TOKEN,
    onRequest: () => {
      upstreamCalls += 1;
    },
  });
});

afterAll(async () => {
  for (const close of closing.splice(0)) await close();
  await upstream.close();
  await redis.stop();
});

async function instance(): Promise<UpstreamClient> {
  const state = await createRedisState({
    url: redis.url,
    namespace: 'http://upstream.test',
    log: () => undefined,
    callsPerMinute: 300,
    maxHoldSeconds: 120,
    probeMs: 3_000,
    now: Date.now,
  });
  const client = createUpstreamClient({ baseUrl: upstream.url, timeoutMs: 2_000, state });
  closing.push(
    () => client.close(),
    () => state.close(),
  );
  return client;
}

test('the same list asked on two instances at once costs one upstream call', async () => {
  const [a, b] = await Promise.all([instance(), instance()]);
  const seen: UpstreamObservation['source'][] = [];
  const ask = (client: UpstreamClient) =>
    client.fetch(
      sessionListSource,
      DEMO_SIDS.busy,
      { ...DEFAULT_LIST_QUERY, offset: 25 },
      {
        token: TOKEN,
        priority: 'rows',
        observe: ({ source }) => seen.push(source),
      },
    );
  const before = upstreamCalls;

  const [fromA, fromB] = await Promise.all([ask(a), ask(b)]);

  expect(upstreamCalls - before).toBe(1);
  expect(fromB).toEqual(fromA);
  expect(seen.sort()).toEqual(['network', 'shared']);
});
