// See docs/decisions/upstream-quota-budget.md.
import { QUOTA_PRIORITIES, type QuotaPriority } from '#src/api/contract/endpoint.ts';

/** A minute, and a second for a call that waited for a connection: the upstream's minute holds no more. */
export const QUOTA_WINDOW_MS = 61_000;

/** Per cent of the budget each priority leaves unused, so the less a call matters the sooner it stops. */
const QUOTA_RESERVE_PERCENT: Readonly<Record<QuotaPriority, number>> = {
  rows: 0,
  detail: 5,
  context: 15,
  counts: 30,
  prefetch: 50,
};

/** Per cent of the budget a priority and those below it may use, so extras never crowd out rows. */
const QUOTA_SHARE_PERCENT: Readonly<Record<QuotaPriority, number>> = {
  rows: 100,
  detail: 50,
  context: 30,
  counts: 15,
  prefetch: 5,
};

/** Bounds the map when many per-user tokens spend at once. */
const MAX_TOKENS = 10_000;

export interface QuotaBudgetOptions {
  callsPerMinute: number;
  now: () => number;
}

interface SpentCall {
  at: number;
  /** Higher matters less. */
  rank: number;
}

export type QuotaTake =
  { ok: true; refund: (calls: number) => void } | { ok: false; retryAfterSeconds: number };

/** How many calls a take at `priority` may find in the window, in all and at this rank or lower. */
export function quotaLimits(
  callsPerMinute: number,
  priority: QuotaPriority,
): { rank: number; total: number; share: number } {
  const percentOf = (percent: number) => Math.ceil((callsPerMinute * percent) / 100);
  return {
    rank: QUOTA_PRIORITIES.indexOf(priority),
    total: percentOf(100 - QUOTA_RESERVE_PERCENT[priority]),
    share: percentOf(QUOTA_SHARE_PERCENT[priority]),
  };
}

export class QuotaBudget {
  readonly #spent = new Map<string, SpentCall[]>();
  readonly #options: QuotaBudgetOptions;

  constructor(options: QuotaBudgetOptions) {
    this.#options = options;
  }

  get callsPerMinute(): number {
    return this.#options.callsPerMinute;
  }

  /** All `calls` or none; a refund gives back those that were not made. */
  take(tokenKey: string, priority: QuotaPriority, calls = 1): QuotaTake {
    const { callsPerMinute, now } = this.#options;
    if (callsPerMinute <= 0 || calls <= 0) return { ok: true, refund: () => undefined };
    const at = now();
    const log = this.#windowOf(tokenKey, at);
    const { rank, total, share } = quotaLimits(callsPerMinute, priority);
    const thisOrLower = log.filter((call) => call.rank >= rank);
    const overTotal = log.length + calls - total;
    const overShare = thisOrLower.length + calls - share;
    if (overTotal > 0 || overShare > 0) {
      const freedAt = Math.max(
        leavesWindowAt(log, overTotal, at),
        leavesWindowAt(thisOrLower, overShare, at),
      );
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freedAt - at) / 1000)) };
    }
    const taken = Array.from({ length: calls }, () => ({ at, rank }));
    log.push(...taken);
    return {
      ok: true,
      refund: (unused) => {
        for (const call of taken.splice(0, unused)) {
          const index = log.indexOf(call);
          if (index >= 0) log.splice(index, 1);
        }
      },
    };
  }

  /** Calls in the window, summed over tokens. */
  used(): number {
    const at = this.#options.now();
    let count = 0;
    for (const key of this.#spent.keys()) count += this.#windowOf(key, at).length;
    return count;
  }

  #windowOf(tokenKey: string, at: number): SpentCall[] {
    let log = this.#spent.get(tokenKey);
    if (log === undefined) {
      if (this.#spent.size >= MAX_TOKENS) this.#prune(at);
      log = [];
      this.#spent.set(tokenKey, log);
    }
    const firstInWindow = log.findIndex((call) => call.at > at - QUOTA_WINDOW_MS);
    log.splice(0, firstInWindow < 0 ? log.length : firstInWindow);
    return log;
  }

  #prune(at: number): void {
    for (const [key, log] of this.#spent) {
      const idle = (log.at(-1)?.at ?? 0) <= at - QUOTA_WINDOW_MS;
      if (idle || this.#spent.size >= MAX_TOKENS) this.#spent.delete(key);
    }
  }
}

function leavesWindowAt(log: readonly SpentCall[], excess: number, at: number): number {
  if (excess <= 0) return at;
  // Undefined when more are asked than the window can ever hold: then a whole window.
  return (log[excess - 1]?.at ?? at) + QUOTA_WINDOW_MS;
}

/** Calls taken at once for a fan-out: each network call spends one, the rest go back on release. */
export class QuotaAllowance {
  #left: number;
  readonly #refund: (calls: number) => void;

  constructor(calls: number, refund: (calls: number) => void) {
    this.#left = calls;
    this.#refund = refund;
  }

  static none(): QuotaAllowance {
    return new QuotaAllowance(0, () => undefined);
  }

  spend(): boolean {
    if (this.#left <= 0) return false;
    this.#left -= 1;
    return true;
  }

  release(): void {
    this.#refund(this.#left);
    this.#left = 0;
  }
}
