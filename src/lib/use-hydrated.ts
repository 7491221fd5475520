import { useSyncExternalStore } from 'react';

const subscribe = () => () => undefined;

/**
 * False while the server renders and while the browser hydrates that HTML, true ever after (and
 * at once in a page rendered only in the browser). What depends on the viewer (their time zone,
 * the time now) renders a neutral form until then, so hydration always matches the server's HTML.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
