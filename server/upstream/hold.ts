// See docs/decisions/upstream-429-hold.md.
export interface RateLimitHoldsOptions {
  maxHoldSeconds: number;
  now: () => number;
}

const DEFAULT_HOLD_SECONDS = 30;

/** Bounds the map when many per-user tokens are held at once. */
const MAX_HELD_TOKENS = 10_000;

interface TokenHold {
  until: number;
  /** 429s in a row without a 200 between them: each doubles the next hold. */
  strikes: number;
  /** After a hold, one call at a time asks whether the limit is over. */
  probing: boolean;
}

export class RateLimitHolds {
  readonly #holds = new Map<string, TokenHold>();
  readonly #options: RateLimitHoldsOptions;

  constructor(options: RateLimitHoldsOptions) {
    this.#options = options;
  }

  hold(tokenKey: string, retryAfter: string | null): number {
    const { maxHoldSeconds, now } = this.#options;
    const at = now();
    const held = this.#holds.get(tokenKey) ?? { until: 0, strikes: 0, probing: false };
    // 429s to calls that were already out when the hold began are one strike, not several.
    if (held.until <= at) held.strikes += 1;
    const asked = parseRetryAfter(retryAfter, at) ?? DEFAULT_HOLD_SECONDS;
    const grown = Math.max(asked, 2 ** (held.strikes - 1), 1);
    held.until = Math.max(held.until, at + Math.min(grown, Math.max(maxHoldSeconds, 1)) * 1000);
    this.#holds.delete(tokenKey);
    this.#holds.set(tokenKey, held);
    if (this.#holds.size > MAX_HELD_TOKENS) this.#prune(at);
    return Math.ceil((held.until - at) / 1000);
  }

  /** A 200: the limit is over, and the next 429 starts again from its Retry-After. */
  answered(tokenKey: string): void {
    this.#holds.delete(tokenKey);
  }

  remainingSeconds(tokenKey: string): number | undefined {
    const held = this.#holds.get(tokenKey);
    if (held === undefined) return undefined;
    const left = held.until - this.#options.now();
    if (left > 0) return Math.ceil(left / 1000);
    return held.probing ? 1 : undefined;
  }

  /** Marks the one call that asks after a hold; call the result when it ends. */
  claimProbe(tokenKey: string): () => void {
    const held = this.#holds.get(tokenKey);
    if (held === undefined) return () => undefined;
    held.probing = true;
    return () => {
      held.probing = false;
    };
  }

  #prune(at: number): void {
    for (const [key, held] of this.#holds) {
      const over = held.until <= at && !held.probing;
      if (over || this.#holds.size > MAX_HELD_TOKENS) this.#holds.delete(key);
    }
  }
}

/** Delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
