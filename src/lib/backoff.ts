/** The first retry waits about this long; each further one about twice as long. */
export const BACKOFF_BASE_MS = 1_000;
/** No wait is longer than this, however many failures came before. */
export const BACKOFF_MAX_MS = 10_000;

/**
 * How long to wait before retry number `failureCount + 1`: about 1 s, 2 s, 4 s, … up to the cap,
 * each scaled by a random factor between 0.5 and 1.5. The jitter spreads out the browsers that
 * failed together, so a server coming back is not hit by all of them in the same instant.
 */
export function backoffDelay(failureCount: number, random: () => number = Math.random): number {
  const exponential = BACKOFF_BASE_MS * 2 ** Math.max(0, failureCount);
  return Math.round(Math.min(BACKOFF_MAX_MS, exponential * (0.5 + random())));
}
