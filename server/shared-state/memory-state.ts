// One instance's state, and every instance's fallback while the shared store is away.
import { MemoryStore } from 'hono-rate-limiter';
import { QuotaBudget } from '#server/upstream/budget.ts';
import { RateLimitHolds } from '#server/upstream/hold.ts';
import type {
  BreakerStore,
  BudgetStore,
  HoldStore,
  SharedState,
  SignOutStore,
} from '#server/shared-state/shared-state.ts';

export interface StateOptions {
  callsPerMinute: number;
  maxHoldSeconds: number;
  now: () => number;
}

/** Bounds the list when many staff sign out within a cookie's lifetime. */
const MAX_SIGNED_OUT = 100_000;

export type MemoryState = Omit<SharedState, 'answers' | 'signOuts'> & {
  readonly answers: null;
  readonly signOuts: MemorySignOuts;
};

export interface MemorySignOuts extends SignOutStore {
  /** Sign-outs whose cookies have not expired yet, with when they do. */
  live(): Array<[sessionId: string, untilMs: number]>;
}

export function createMemoryState({
  callsPerMinute,
  maxHoldSeconds,
  now,
}: StateOptions): MemoryState {
  const holds = new RateLimitHolds({ maxHoldSeconds, now });
  const budget = new QuotaBudget({ callsPerMinute, now });

  const holdStore: HoldStore = {
    hold: (tokenKey, retryAfter) => Promise.resolve(holds.hold(tokenKey, retryAfter)),
    answered(tokenKey) {
      holds.answered(tokenKey);
      return Promise.resolve();
    },
    remainingSeconds: (tokenKey) => Promise.resolve(holds.remainingSeconds(tokenKey)),
    admit: (tokenKey) => Promise.resolve(holds.admit(tokenKey)),
    heldCount: () => Promise.resolve(holds.heldCount()),
  };
  const budgetStore: BudgetStore = {
    take: (tokenKey, priority, calls) => Promise.resolve(budget.take(tokenKey, priority, calls)),
    used: () => Promise.resolve(budget.used()),
  };
  // This process's own breaker already refuses while open: there is nobody else to tell.
  const breakerStore: BreakerStore = {
    opened: () => Promise.resolve(),
    closed: () => Promise.resolve(),
    refusalSeconds: () => Promise.resolve(undefined),
  };
  return {
    answers: null,
    holds: holdStore,
    budget: budgetStore,
    breaker: breakerStore,
    signOuts: createMemorySignOuts(now),
    rateLimitStore: () => new MemoryStore(),
    health: () => 'memory',
    close: () => Promise.resolve(),
  };
}

export function createMemorySignOuts(now: () => number): MemorySignOuts {
  const signedOut = new Map<string, number>();

  function prune(): void {
    const at = now();
    for (const [id, until] of signedOut) if (until <= at) signedOut.delete(id);
    // Still full of live entries: the oldest go, as their cookies expire first.
    for (const id of signedOut.keys()) {
      if (signedOut.size < MAX_SIGNED_OUT) break;
      signedOut.delete(id);
    }
  }

  return {
    add(sessionId, untilMs) {
      if (signedOut.size >= MAX_SIGNED_OUT) prune();
      signedOut.set(sessionId, untilMs);
      return Promise.resolve();
    },
    has(sessionId) {
      const until = signedOut.get(sessionId);
      return Promise.resolve(until !== undefined && until > now());
    },
    live() {
      const at = now();
      return [...signedOut].filter(([, until]) => until > at);
    },
  };
}
