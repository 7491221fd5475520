/**
 * After the upstream answers 429 for a token, calls with that token wait out its Retry-After here
 * instead of asking again: retrying into a rate limit only extends it, and the token is shared by
 * every staff member of the institution.
 */

export interface RateLimitHoldsOptions {
  /** Longest hold, whatever Retry-After says. */
  maxHoldSeconds: number;
  now: () => number;
}

/** The hold when a 429 names no Retry-After. */
export const DEFAULT_HOLD_SECONDS = 30;

/** Bounds the map when many per-user tokens are held at once; expired holds go first. */
const MAX_HELD_TOKENS = 10_000;

export class RateLimitHolds {
  /** Token key (a hash, never the token) → when its hold ends, in ms. */
  readonly #until = new Map<string, number>();
  readonly #options: RateLimitHoldsOptions;

  constructor(options: RateLimitHoldsOptions) {
    this.#options = options;
  }

  /** Starts (or extends) a hold from a 429's Retry-After header; returns its length in seconds. */
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

  /** Whole seconds left on this token's hold (rounded up), or undefined when it is not held. */
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

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
