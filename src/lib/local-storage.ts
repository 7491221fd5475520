// Never throws: see docs/decisions/browser-local-storage.md.
export interface StoredEntry {
  read: () => string | null;
  write: (value: string | null) => void;
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
