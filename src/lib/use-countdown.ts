import { useEffect, useEffectEvent, useState } from 'react';

interface Tick {
  restartKey: unknown;
  seconds: number;
  left: number;
}

/**
 * Restarts whenever `restartKey` changes. Counts to a deadline rather than counting ticks, so a
 * background tab whose timers the browser slows still ends the wait on time.
 */
export function useCountdown(seconds: number, restartKey: unknown, onDone: () => void): number {
  const [tick, setTick] = useState<Tick | null>(null);
  const finish = useEffectEvent(onDone);

  useEffect(() => {
    if (!(seconds > 0)) return;
    const deadline = Date.now() + seconds * 1000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Wakes on each whole second before the deadline, so the number shown never lags.
    const schedule = (msLeft: number) => {
      timer = setTimeout(update, msLeft % 1000 || 1000);
    };
    function update() {
      const msLeft = deadline - Date.now();
      const left = Math.max(0, Math.ceil(msLeft / 1000));
      setTick({ restartKey, seconds, left });
      if (left === 0) finish();
      else schedule(msLeft);
    }
    schedule(deadline - Date.now());
    return () => clearTimeout(timer);
  }, [seconds, restartKey]);

  if (!(seconds > 0)) return 0;
  // Until the first tick of this wait, the whole wait is left.
  return tick !== null && tick.restartKey === restartKey && tick.seconds === seconds
    ? tick.left
    : Math.ceil(seconds);
}
