// See docs/decisions/upstream-429-hold.md.
export interface RateLimitHoldsOptions {
  maxHoldSeconds: number;
  now: () => number;
}

const DEFAULT_HOLD_SECONDS = 30;

/** Bounds the map when many per-user tokens are held at once. */
const MAX_HELD_TOKENS = 10_000;

/** What every instance sharing the token must know of its hold. */
export interface HoldState {
  until: number;
  /** 429s in a row without a 200 between them: each doubles the next hold. */
  strikes: number;
}

interface TokenHold extends HoldState {
  /** After a hold, one call at a time asks whether the limit is over. */
  probing: boolean;
}

/** A call asks (releasing its probe when it ends) or is refused for the seconds left. */
export type HoldAdmission = { heldSeconds: number } | { release: () => void };

/** The hold after a 429 at `at`, from the one before it (`until` 0 when there was none). */
export function nextHold(
  previous: HoldState,
  retryAfter: string | null,
  at: number,
  maxHoldSeconds: number,
): HoldState {
  // 429s to calls that were already out when the hold began are one strike, not several.
  const strikes = previous.until <= at ? previous.strikes + 1 : previous.strikes;
  const asked = parseRetryAfter(retryAfter, at) ?? DEFAULT_HOLD_SECONDS;
  const grown = Math.max(asked, 2 ** (strikes - 1), 1);
  const until = Math.max(previous.until, at + Math.min(grown, Math.max(maxHoldSeconds, 1)) * 1000);
  return { until, strikes };
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
    Object.assign(held, nextHold(held, retryAfter, at, maxHoldSeconds));
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

  admit(tokenKey: string): HoldAdmission {
    const heldSeconds = this.remainingSeconds(tokenKey);
    return heldSeconds === undefined ? { release: this.claimProbe(tokenKey) } : { heldSeconds };
  }

  /** Tokens refused now. */
  heldCount(): number {
    const at = this.#options.now();
    let count = 0;
    for (const held of this.#holds.values()) if (held.until > at || held.probing) count += 1;
    return count;
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
