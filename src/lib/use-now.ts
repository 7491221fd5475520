import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs` while the component is shown, so that what
 * depends on it (a token about to expire) changes without a reload.
 */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
