// What instances behind one load balancer must agree on: see docs/decisions/shared-state.md.
import type { Env as HonoEnv } from 'hono';
import type { Store as RateLimitStore } from 'hono-rate-limiter';
import type { QuotaPriority } from '#src/api/contract/endpoint.ts';
import type { Log } from '#server/http/log.ts';
import { createMemoryState } from '#server/shared-state/memory-state.ts';
import { createRedisState } from '#server/shared-state/redis-state.ts';
import type { QuotaTake } from '#server/upstream/budget.ts';
import type { HoldAdmission } from '#server/upstream/hold.ts';

/** An upstream body as it came, so each instance parses what it reads at its own edge. */
export interface SharedAnswer {
  text: string;
  storedAt: number;
}

export interface AnswerStore {
  get(key: string): Promise<SharedAnswer | undefined>;
  /** Kept for `keepMs`; `storedAt` is when the upstream answered. */
  set(key: string, answer: SharedAnswer, keepMs: number): Promise<void>;
  /**
   * This instance will ask for `key` (for `forMs` at most): its release, or null when another
   * instance already is asking.
   */
  claim(key: string, forMs: number): Promise<(() => void) | null>;
  isClaimed(key: string): Promise<boolean>;
}

/** 429 holds per token key: see docs/decisions/upstream-429-hold.md. */
export interface HoldStore {
  /** Starts or lengthens the token's hold after a 429; returns its seconds. */
  hold(tokenKey: string, retryAfter: string | null): Promise<number>;
  /** A 200: the limit is over. */
  answered(tokenKey: string): Promise<void>;
  remainingSeconds(tokenKey: string): Promise<number | undefined>;
  /** After a hold ends, one caller at a time (on any instance) is let through to ask. */
  admit(tokenKey: string): Promise<HoldAdmission>;
  heldCount(): Promise<number>;
}

/** See docs/decisions/upstream-quota-budget.md. */
export interface BudgetStore {
  take(tokenKey: string, priority: QuotaPriority, calls: number): Promise<QuotaTake>;
  /** Calls in the window, summed over tokens. */
  used(): Promise<number>;
}

/** An open circuit seen by one instance keeps the others from asking a dead upstream. */
export interface BreakerStore {
  opened(forMs: number): Promise<void>;
  closed(): Promise<void>;
  refusalSeconds(): Promise<number | undefined>;
}

/** Sessions signed out before their cookie expires: see docs/decisions/per-user-sign-in.md. */
export interface SignOutStore {
  add(sessionId: string, untilMs: number): Promise<void>;
  has(sessionId: string): Promise<boolean>;
}

/** memory: one instance by design; degraded: the shared store is configured but not answering. */
export type SharedStateHealth = 'memory' | 'shared' | 'degraded';

export interface SharedState {
  /** Null in memory mode: the upstream client's own parsed answers are then the only copy. */
  readonly answers: AnswerStore | null;
  readonly holds: HoldStore;
  readonly budget: BudgetStore;
  readonly breaker: BreakerStore;
  readonly signOuts: SignOutStore;
  rateLimitStore<E extends HonoEnv>(name: string): RateLimitStore<E>;
  health(): SharedStateHealth;
  close(): Promise<void>;
}

export interface SharedStateOptions {
  /** Redis or Valkey; without it the state is this instance's memory. */
  redisUrl: string | null;
  /** The upstream's address: dashboards reading different upstreams share no breaker or limit. */
  namespace: string;
  callsPerMinute: number;
  maxHoldSeconds: number;
  /** The upstream timeout: how long the call that asks after a hold may take. */
  probeMs: number;
  log: Log;
  now?: () => number;
}

export async function createSharedState({
  redisUrl,
  namespace,
  now = Date.now,
  ...options
}: SharedStateOptions): Promise<SharedState> {
  if (redisUrl === null) return createMemoryState({ ...options, now });
  return createRedisState({ ...options, url: redisUrl, namespace, now });
}
