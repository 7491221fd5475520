// Redis or Valkey holds what instances share; each call falls back to this instance's memory while
// the store is away. See docs/decisions/shared-state.md.
import { createHash, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { MemoryStore, type Store as RateLimitStore } from 'hono-rate-limiter';
import type { Env as HonoEnv } from 'hono';
import type { Log } from '#server/http/log.ts';
import { QUOTA_WINDOW_MS, quotaLimits } from '#server/upstream/budget.ts';
import { nextHold, type HoldAdmission, type HoldState } from '#server/upstream/hold.ts';
import { createMemoryState, type StateOptions } from '#server/shared-state/memory-state.ts';
import type {
  AnswerStore,
  BreakerStore,
  BudgetStore,
  HoldStore,
  SharedState,
  SignOutStore,
} from '#server/shared-state/shared-state.ts';

export interface RedisStateOptions extends StateOptions {
  url: string;
  /** The upstream's address: dashboards reading different upstreams share no breaker or limit. */
  namespace: string;
  log: Log;
  /** How long a probe after a hold may take before another caller may ask: the upstream timeout. */
  probeMs: number;
  /** A shared store that does not answer within this is treated as away. */
  commandTimeoutMs?: number;
}

/** Several dashboards, or other software, may share one Redis. */
const PREFIX = 'sp-dashboard';
/** How long after a timed-out command its possible effect is undone. */
const CLEANUP_AFTER_MS = 2_000;
/** How often an instance that saw the store stop answering asks whether it is back. */
const PING_EVERY_MS = 1_000;
/** An answer larger than this is kept by the instance that fetched it only. */
export const MAX_SHARED_ANSWER_BYTES = 1024 * 1024;
const CONNECT_WAIT_MS = 2_000;

/**
 * Removes calls that left the window, then takes `#ARGV - 4` calls unless that passes the
 * priority's limits (the same rule as QuotaBudget.take). Redis's clock, so instances agree.
 * Returns -1 when taken, else the milliseconds until enough calls leave the window.
 */
const TAKE_BUDGET_LUA = `
local time = redis.call('TIME')
local at = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[1])
local rank = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', at - window)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', at - window)
local log = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local all, thisOrLower = {}, {}
for i = 1, #log, 2 do
  local spentAt = tonumber(log[i + 1])
  all[#all + 1] = spentAt
  if tonumber(string.match(log[i], '^(%d+):')) >= rank then thisOrLower[#thisOrLower + 1] = spentAt end
end
local calls = #ARGV - 4
local overTotal = #all + calls - tonumber(ARGV[3])
local overShare = #thisOrLower + calls - tonumber(ARGV[4])
if overTotal > 0 or overShare > 0 then
  local freedAt = at
  if overTotal > 0 then freedAt = math.max(freedAt, (all[overTotal] or at) + window) end
  if overShare > 0 then freedAt = math.max(freedAt, (thisOrLower[overShare] or at) + window) end
  return freedAt - at
end
for i = 5, #ARGV do
  redis.call('ZADD', KEYS[1], at, ARGV[i])
  redis.call('ZADD', KEYS[2], at, ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], window)
redis.call('PEXPIRE', KEYS[2], window)
return -1
`;

/** Counts a hit in a fixed window that starts with the first; returns the hits and ms left. */
const COUNT_HIT_LUA = `
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {hits, left}
`;

/** Sets the key only if it still holds what the caller read ('' for none): a lost race retries. */
const COMPARE_AND_SET_HOLD_LUA = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[6])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
return 1
`;

/** Deletes a claim only if this caller still owns it, not one another caller took since. */
const DELETE_IF_OWNER_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** Never below zero, and never a key without its expiry. */
const UNCOUNT_HIT_LUA = `
if redis.call('GET', KEYS[1]) and tonumber(redis.call('GET', KEYS[1])) > 0 then
  redis.call('DECR', KEYS[1])
end
return 0
`;

export async function createRedisState(options: RedisStateOptions): Promise<SharedState> {
  const { url, namespace, log, callsPerMinute, maxHoldSeconds, now, probeMs } = options;
  const memory = createMemoryState(options);
  const redis = new Redis(url, {
    // Refuse at once while disconnected: the caller falls back to memory instead of waiting.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: CONNECT_WAIT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 250, 2_000),
  });
  const link = watchLink(redis, url, log, () => replaySignOuts());
  await link.firstConnection;

  const deployment = createHash('sha256').update(namespace).digest('base64url').slice(0, 12);
  const key = (...parts: string[]) => [PREFIX, deployment, ...parts].join(':');
  const shared = <T>(ask: () => Promise<T>, fallback: () => Promise<T>): Promise<T> =>
    link.usable() ? link.attempt(ask, fallback) : link.fallBack(fallback);

  /** A claim only its owner releases: `SET NX PX` with a random value, deleted if still ours. */
  async function claimKey(claim: string, forMs: number): Promise<(() => void) | null> {
    const owner = randomUUID();
    const release = () => {
      redis.eval(DELETE_IF_OWNER_LUA, 1, claim, owner).catch(() => undefined);
    };
    try {
      return (await redis.set(claim, owner, 'PX', forMs, 'NX')) === null ? null : release;
    } catch (error) {
      // It may still be set once the store wakes: let it go then.
      setTimeout(release, CLEANUP_AFTER_MS).unref();
      throw error;
    }
  }

  const answers: AnswerStore = {
    get: (cacheKey) =>
      shared(
        async () => {
          const stored = await redis.get(key('answer', hashed(cacheKey)));
          if (stored === null) return undefined;
          const space = stored.indexOf(' ');
          return { storedAt: Number(stored.slice(0, space)), text: stored.slice(space + 1) };
        },
        () => Promise.resolve(undefined),
      ),
    claim: (cacheKey, forMs) =>
      shared(
        () => claimKey(key('asking', hashed(cacheKey)), forMs),
        () => Promise.resolve(() => undefined),
      ),
    isClaimed: (cacheKey) =>
      shared(
        async () => (await redis.exists(key('asking', hashed(cacheKey)))) === 1,
        () => Promise.resolve(false),
      ),
    set: (cacheKey, { text, storedAt }, keepMs) =>
      shared(
        async () => {
          if (keepMs <= 0 || Buffer.byteLength(text) > MAX_SHARED_ANSWER_BYTES) return;
          await redis.set(key('answer', hashed(cacheKey)), `${storedAt} ${text}`, 'PX', keepMs);
        },
        () => Promise.resolve(undefined),
      ),
  };

  const holds: HoldStore = {
    hold: (tokenKey, retryAfter) =>
      shared(
        async () => {
          // Two instances may meet a 429 at once: each computes from what it read, and the one
          // that read an older state tries again, so neither hold nor strike is lost.
          for (let attempt = 0; attempt < HOLD_ATTEMPTS; attempt += 1) {
            const at = now();
            const stored = (await redis.get(key('hold', tokenKey))) ?? '';
            const held = nextHold(parseHold(stored) ?? NO_HOLD, retryAfter, at, maxHoldSeconds);
            // Strikes are remembered a while after the hold, so the next 429 holds longer.
            const keepMs = held.until - at + maxHoldSeconds * 1000;
            const set = await redis.eval(
              COMPARE_AND_SET_HOLD_LUA,
              2,
              key('hold', tokenKey),
              key('holds'),
              stored,
              JSON.stringify(held),
              keepMs,
              held.until,
              tokenKey,
              at,
            );
            if (set === 1) return Math.ceil((held.until - at) / 1000);
          }
          throw new Error('the hold kept changing under this instance');
        },
        () => memory.holds.hold(tokenKey, retryAfter),
      ),
    answered: (tokenKey) =>
      shared(
        async () => {
          await redis
            .multi()
            .del(key('hold', tokenKey), key('probe', tokenKey))
            .zrem(key('holds'), tokenKey)
            .exec();
        },
        () => memory.holds.answered(tokenKey),
      ),
    remainingSeconds: (tokenKey) =>
      shared(
        async () => {
          const held = await readHold(tokenKey);
          if (held === undefined) return undefined;
          const left = held.until - now();
          if (left > 0) return Math.ceil(left / 1000);
          return (await redis.exists(key('probe', tokenKey))) === 1 ? 1 : undefined;
        },
        () => memory.holds.remainingSeconds(tokenKey),
      ),
    admit: (tokenKey) =>
      shared(
        async (): Promise<HoldAdmission> => {
          const held = await readHold(tokenKey);
          if (held === undefined) return { release: () => undefined };
          const left = held.until - now();
          if (left > 0) return { heldSeconds: Math.ceil(left / 1000) };
          const release = await claimKey(key('probe', tokenKey), probeMs);
          return release === null ? { heldSeconds: 1 } : { release };
        },
        () => memory.holds.admit(tokenKey),
      ),
    heldCount: () =>
      shared(
        async () => {
          await redis.zremrangebyscore(key('holds'), '-inf', now());
          return redis.zcard(key('holds'));
        },
        () => memory.holds.heldCount(),
      ),
  };

  async function readHold(tokenKey: string): Promise<HoldState | undefined> {
    return parseHold((await redis.get(key('hold', tokenKey))) ?? '');
  }

  const allWindow = key('budget-all');
  const budget: BudgetStore = {
    take: (tokenKey, priority, calls) =>
      shared(
        async () => {
          if (callsPerMinute <= 0 || calls <= 0) return { ok: true, refund: () => undefined };
          const { rank, total, share } = quotaLimits(callsPerMinute, priority);
          const tokenWindow = key('budget', tokenKey);
          const members = Array.from({ length: calls }, () => `${rank}:${randomUUID()}`);
          const giveBack = (back: string[]) => {
            redis
              .multi()
              .zrem(tokenWindow, ...back)
              .zrem(allWindow, ...back)
              .exec()
              .catch(() => undefined);
          };
          let waitMs: number;
          try {
            waitMs = numberFrom(
              await redis.eval(
                TAKE_BUDGET_LUA,
                2,
                tokenWindow,
                allWindow,
                QUOTA_WINDOW_MS,
                rank,
                total,
                share,
                ...members,
              ),
            );
          } catch (error) {
            // A take that timed out may still run when the store wakes: its calls were not made.
            setTimeout(() => giveBack(members), CLEANUP_AFTER_MS).unref();
            throw error;
          }
          if (waitMs >= 0) {
            return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
          }
          return {
            ok: true,
            refund: (unused: number) => {
              const back = members.splice(0, unused);
              if (back.length > 0) giveBack(back);
            },
          };
        },
        () => memory.budget.take(tokenKey, priority, calls),
      ),
    used: () =>
      shared(
        () => redis.zcount(allWindow, `(${now() - QUOTA_WINDOW_MS}`, '+inf'),
        () => memory.budget.used(),
      ),
  };

  const breaker: BreakerStore = {
    opened: (forMs) =>
      shared(
        async () => {
          await redis.set(key('breaker'), 'open', 'PX', Math.max(1, forMs));
        },
        () => memory.breaker.opened(forMs),
      ),
    closed: () =>
      shared(
        async () => {
          await redis.del(key('breaker'));
        },
        () => memory.breaker.closed(),
      ),
    refusalSeconds: () =>
      shared(
        async () => {
          const leftMs = await redis.pttl(key('breaker'));
          return leftMs > 0 ? Math.ceil(leftMs / 1000) : undefined;
        },
        () => memory.breaker.refusalSeconds(),
      ),
  };

  const signOuts: SignOutStore = {
    add: (sessionId, untilMs) =>
      shared(
        async () => {
          if (untilMs <= now()) return;
          await redis.set(key('signed-out', sessionId), '1', 'PXAT', untilMs);
          // Kept here too: a sign-out must hold on this instance if the store goes away.
          await memory.signOuts.add(sessionId, untilMs);
        },
        () => memory.signOuts.add(sessionId, untilMs),
      ),
    has: (sessionId) =>
      shared(
        async () =>
          (await redis.exists(key('signed-out', sessionId))) === 1 ||
          (await memory.signOuts.has(sessionId)),
        () => memory.signOuts.has(sessionId),
      ),
  };

  /** Sign-outs made while the store was away, or lost with a restart of it, are written again. */
  function replaySignOuts(): void {
    const live = memory.signOuts.live();
    if (live.length === 0) return;
    const pipeline = redis.pipeline();
    for (const [sessionId, untilMs] of live) {
      pipeline.set(key('signed-out', sessionId), '1', 'PXAT', untilMs);
    }
    pipeline.exec().catch(() => undefined);
  }

  function rateLimitStore<E extends HonoEnv>(name: string): RateLimitStore<E> {
    const inMemory = new MemoryStore<E>();
    const limitKey = (client: string) => key('limit', name, client);
    let windowMs = 60_000;
    return {
      localKeys: false,
      prefix: key('limit', name, ''),
      init(config) {
        windowMs = config.windowMs;
        inMemory.init(config);
      },
      increment: (client) =>
        shared(
          async () => {
            const counted = await redis.eval(COUNT_HIT_LUA, 1, limitKey(client), windowMs);
            const [hits, leftMs] = Array.isArray(counted) ? counted.map(numberFrom) : [];
            if (hits === undefined || leftMs === undefined) throw new Error('unexpected reply');
            return { totalHits: hits, resetTime: new Date(now() + leftMs) };
          },
          () => Promise.resolve(inMemory.increment(client)),
        ),
      decrement: (client) =>
        shared(
          async () => {
            await redis.eval(UNCOUNT_HIT_LUA, 1, limitKey(client));
          },
          () => {
            inMemory.decrement(client);
            return Promise.resolve();
          },
        ),
      resetKey: (client) =>
        shared(
          async () => {
            await redis.del(limitKey(client));
          },
          () => {
            inMemory.resetKey(client);
            return Promise.resolve();
          },
        ),
    };
  }

  return {
    answers,
    holds,
    budget,
    breaker,
    signOuts,
    rateLimitStore,
    health: () => (link.healthy() ? 'shared' : 'degraded'),
    async close() {
      link.closing();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

const NO_HOLD: HoldState = { until: 0, strikes: 0 };
/** Tries at a hold before falling back to memory: more means a flood of 429s at once. */
const HOLD_ATTEMPTS = 5;

function parseHold(stored: string): HoldState | undefined {
  if (stored === '') return undefined;
  const held: unknown = JSON.parse(stored);
  if (
    typeof held === 'object' &&
    held !== null &&
    'until' in held &&
    typeof held.until === 'number' &&
    'strikes' in held &&
    typeof held.strikes === 'number'
  ) {
    return { until: held.until, strikes: held.strikes };
  }
  return undefined;
}

function numberFrom(reply: unknown): number {
  if (typeof reply !== 'number') throw new Error(`unexpected reply from the shared store`);
  return reply;
}

/** So no token, sid or URL appears in the store's keys. */
function hashed(cacheKey: string): string {
  return createHash('sha256').update(cacheKey).digest('base64url');
}

interface Link {
  firstConnection: Promise<void>;
  /** Connected, and its last command answered: until then calls use memory without waiting. */
  usable(): boolean;
  healthy(): boolean;
  attempt<T>(ask: () => Promise<T>, fallback: () => Promise<T>): Promise<T>;
  fallBack<T>(fallback: () => Promise<T>): Promise<T>;
  closing(): void;
}

/**
 * One line when an outage starts and one when it ends, with the count of calls served from
 * memory. A store that hangs rather than refuses is pinged until it answers, so requests do not
 * each wait for a command timeout meanwhile.
 */
function watchLink(redis: Redis, url: string, log: Log, restored: () => void): Link {
  const where = redactedUrl(url);
  let down: { since: number; fallbacks: number; pinging: NodeJS.Timeout } | null = null;
  let closing = false;

  const goDown = (reason: string) => {
    if (down !== null || closing) return;
    const pinging = setInterval(() => {
      if (redis.status === 'ready') redis.ping().then(comeBack, () => undefined);
    }, PING_EVERY_MS).unref();
    down = { since: Date.now(), fallbacks: 0, pinging };
    log(
      `shared state unreachable at ${where} (${reason}): this instance serves from its own memory until it is back`,
      { event: 'shared_state_degraded', reason },
    );
  };
  function comeBack(): void {
    if (down === null) return;
    const { since, fallbacks, pinging } = down;
    clearInterval(pinging);
    down = null;
    log(
      `shared state back at ${where} after ${Math.round((Date.now() - since) / 1000)} s; ${fallbacks} operations used memory meanwhile`,
      { event: 'shared_state_restored', fallbacks },
    );
    restored();
  }
  redis.on('error', (error: unknown) => goDown(describe(error)));
  redis.on('close', () => goDown('connection closed'));
  redis.on('ready', comeBack);

  const firstConnection = new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    // Start anyway without it: the instance serves from memory and switches when it connects.
    const timer = setTimeout(() => {
      goDown(`no connection within ${CONNECT_WAIT_MS / 1000} s`);
      done();
    }, CONNECT_WAIT_MS);
    redis.once('ready', done);
  });

  const fallBack = <T>(fallback: () => Promise<T>): Promise<T> => {
    if (down !== null) down.fallbacks += 1;
    return fallback();
  };
  const healthy = () => redis.status === 'ready' && down === null;

  return {
    firstConnection,
    usable: healthy,
    healthy,
    async attempt(ask, fallback) {
      try {
        return await ask();
      } catch (error) {
        goDown(describe(error));
        return fallBack(fallback);
      }
    },
    fallBack,
    closing() {
      closing = true;
      if (down !== null) clearInterval(down.pinging);
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A Redis URL may carry a password, in its user part or its query: only where it points is logged. */
function redactedUrl(url: string): string {
  try {
    const { protocol, hostname, port, pathname } = new URL(url);
    return `${protocol}//${hostname}:${port === '' ? '6379' : port}${pathname}`;
  } catch {
    return 'REDIS_URL';
  }
}
