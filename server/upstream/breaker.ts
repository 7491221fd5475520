// See docs/decisions/upstream-circuit-breaker.md. Cockatiel reads the wall clock (Date.now).
import {
  CircuitState,
  circuitBreaker,
  handleWhenResult,
  type CircuitBreakerPolicy,
  type IBreaker,
} from 'cockatiel';
import type { HttpResult } from '#server/upstream/http.ts';

export const BREAKER_DEFAULTS = {
  /** Timeouts or failed connections in a row that open the circuit; 0 turns the breaker off. */
  failuresToOpen: 3,
  /** Long enough to spare a hung upstream, short enough that staff barely wait once it is back. */
  halfOpenAfterMs: 5_000,
} as const;

export interface UpstreamBreakerOptions {
  failuresToOpen: number;
  halfOpenAfterMs: number;
  /** Told when the circuit opens, when its probe goes out, and when a probe closes it again. */
  onChange?: (circuit: 'open' | 'half-open' | 'closed') => void;
}

/** Thrown through cockatiel so that a cancelled call counts as neither success nor failure. */
class Cancelled extends Error {
  readonly result: HttpResult;

  constructor(result: HttpResult) {
    super('cancelled');
    this.result = result;
  }
}

/** A timeout before any status line: the upstream took the connection and said nothing. */
function isSilent(result: HttpResult): boolean {
  return result.kind === 'timeout' && result.status === undefined;
}

/**
 * Opens after `threshold` failures in a row, or at once after a silent timeout: that one call
 * already cost its callers the whole timeout, and the next would cost the same.
 */
class OutageBreaker implements IBreaker {
  state = 0;
  /** Counted when a call ends, consumed by cockatiel's failure() a few microtasks later. */
  silentPending = 0;

  constructor(private readonly threshold: number) {}

  success(): void {
    this.state = 0;
  }

  failure(): boolean {
    this.state += 1;
    const silent = this.silentPending > 0;
    if (silent) this.silentPending -= 1;
    return silent || this.state >= this.threshold;
  }
}

function isOutage(result: unknown): boolean {
  if (typeof result !== 'object' || result === null || !('kind' in result)) return false;
  return result.kind === 'timeout' || result.kind === 'network' || result.kind === 'given_up';
}

export class UpstreamBreaker {
  readonly #policy: CircuitBreakerPolicy | null;
  readonly #breaker: OutageBreaker;
  readonly #halfOpenAfterMs: number;
  #openedAt = 0;
  /** The call that found the open circuit due, until it runs: the others wait for its answer. */
  #probe: object | null = null;

  constructor({ failuresToOpen, halfOpenAfterMs, onChange }: UpstreamBreakerOptions) {
    this.#halfOpenAfterMs = halfOpenAfterMs;
    this.#breaker = new OutageBreaker(failuresToOpen);
    this.#policy =
      failuresToOpen <= 0
        ? null
        : circuitBreaker(handleWhenResult(isOutage), {
            halfOpenAfter: halfOpenAfterMs,
            breaker: this.#breaker,
          });
    this.#policy?.onBreak(() => {
      this.#openedAt = Date.now();
      onChange?.('open');
    });
    this.#policy?.onHalfOpen(() => onChange?.('half-open'));
    this.#policy?.onReset(() => onChange?.('closed'));
  }

  refusalSeconds(): number | undefined {
    switch (this.#policy?.state) {
      case undefined:
      case CircuitState.Closed:
        return undefined;
      case CircuitState.Open: {
        const left = this.#openedAt + this.#halfOpenAfterMs - Date.now();
        if (left > 0) return Math.ceil(left / 1000);
        return this.#probe === null ? undefined : Math.ceil(this.#halfOpenAfterMs / 1000);
      }
      // A probe is out: if it fails, the next one is a whole wait away.
      default:
        return Math.ceil(this.#halfOpenAfterMs / 1000);
    }
  }

  /**
   * Refused for the seconds left, or let through; when the open circuit is due, the first caller
   * becomes its probe until it runs or is released (refused by something else on its way).
   */
  admit(): { refusedSeconds: number } | { release: () => void } {
    const refusedSeconds = this.refusalSeconds();
    if (refusedSeconds !== undefined) return { refusedSeconds };
    if (this.#policy?.state !== CircuitState.Open) return { release: () => undefined };
    const probe = {};
    this.#probe = probe;
    return {
      release: () => {
        if (this.#probe === probe) this.#probe = null;
      },
    };
  }

  /** Call admit() first: an open circuit is not asked here. */
  async run(send: () => Promise<HttpResult>): Promise<HttpResult> {
    const policy = this.#policy;
    // From here the policy's half-open state keeps the others waiting.
    this.#probe = null;
    if (policy === null) return send();
    // The call that finds the circuit open (and due) is its probe; a cancelled probe re-opens it.
    const probe = policy.state === CircuitState.Open;
    try {
      return await policy.execute(async () => {
        const result = await send();
        if (isSilent(result)) this.#breaker.silentPending += 1;
        if (result.kind === 'given_up' && !probe) throw new Cancelled(result);
        return result;
      });
    } catch (error) {
      if (error instanceof Cancelled) return error.result;
      throw error;
    }
  }
}
