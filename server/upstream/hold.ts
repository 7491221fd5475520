// See docs/decisions/upstream-429-hold.md.
export interface RateLimitHoldsOptions {
  maxHoldSeconds: number;
  now: () => number;
}

export const DEFAULT_HOLD_SECONDS = 30;

/** Bounds the map when many per-user tokens are held at once. */
const MAX_HELD_TOKENS = 10_000;

export class RateLimitHolds {
  /** Token hash → when its hold ends, in ms. */
  readonly #until = new Map<string, number>();
  readonly #options: RateLimitHoldsOptions;

  constructor(options: RateLimitHoldsOptions) {
    this.#options = options;
  }

  /** Returns the hold's length in seconds. */
  hold(tokenKey: string, retryAfter: string | null): number {
    const { maxHoldSeconds, now } = this.#options;
    const at = now();
    const asked = parseRetryAfter(retryAfter, at) ?? DEFAULT_HOLD_SECONDS;
    const seconds = Math.min(Math.max(asked, 1), Math.max(maxHoldSeconds, 1));
    const until = Math.max(this.#until.get(tokenKey) ?? 0, at + seconds * 1000);
    this.#until.delete(tokenKey);
    this.#until.set(tokenKey, until);
    if (this.#until.size > MAX_HELD_TOKENS) this.#prune(at);
    return seconds;
  }

  remainingSeconds(tokenKey: string): number | undefined {
    const until = this.#until.get(tokenKey);
    if (until === undefined) return undefined;
    const left = until - this.#options.now();
    if (left <= 0) {
      this.#until.delete(tokenKey);
      return undefined;
    }
    return Math.ceil(left / 1000);
  }

  #prune(at: number): void {
    for (const [key, until] of this.#until) {
      if (until <= at || this.#until.size > MAX_HELD_TOKENS) this.#until.delete(key);
    }
  }
}

/** Delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
