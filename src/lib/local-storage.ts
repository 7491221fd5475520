/**
 * One localStorage entry that never throws. Where the browser blocks storage (some private modes,
 * storage turned off) the value lives in this page instead, so the feature still works until the
 * page is closed. A write to a full store is lost; the stored value stays readable.
 */
export interface StoredEntry {
  /** The stored text, or null when there is none. */
  read: () => string | null;
  /** Stores `value` (null removes it) and tells this page's listeners. */
  write: (value: string | null) => void;
  /** Hears writes from this page and from this browser's other tabs. Needs no `this`. */
  subscribe: (listener: () => void) => () => void;
}

export function storedEntry(
  key: string,
  storage: () => Storage = () => window.localStorage,
): StoredEntry {
  let unsaved: string | null = null;
  const listeners = new Set<() => void>();
  return {
    read: () => {
      try {
        return storage().getItem(key);
      } catch {
        return unsaved;
      }
    },
    write: (value) => {
      try {
        if (value === null) storage().removeItem(key);
        else storage().setItem(key, value);
      } catch {
        unsaved = value;
      }
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      // A null key: the other tab cleared the whole store.
      const onStorage = (event: StorageEvent) => {
        if (event.key === key || event.key === null) listener();
      };
      listeners.add(listener);
      window.addEventListener('storage', onStorage);
      return () => {
        listeners.delete(listener);
        window.removeEventListener('storage', onStorage);
      };
    },
  };
}
