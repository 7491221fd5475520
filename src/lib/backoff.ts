export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 10_000;

/** The jitter keeps browsers that failed together from coming back together. */
export function backoffDelay(failureCount: number, random: () => number = Math.random): number {
  const exponential = BACKOFF_BASE_MS * 2 ** Math.max(0, failureCount);
  return Math.round(Math.min(BACKOFF_MAX_MS, exponential * (0.5 + random())));
}
