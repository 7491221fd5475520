import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';

export type CopyOutcome = 'idle' | 'copied' | 'failed';

export const COPY_MESSAGES = {
  copied: 'Copied',
  failed: 'Copy failed: select and copy by hand',
} as const satisfies Record<Exclude<CopyOutcome, 'idle'>, string>;

const FEEDBACK_MS = 2000;

interface LastCopy {
  text: string;
  label: string;
  outcome: Exclude<CopyOutcome, 'idle'>;
  /** So the same message twice in a row is still a new announcement. */
  count: number;
}

interface CopyStore {
  subscribe: (listener: () => void) => () => void;
  last: () => LastCopy | null;
  copy: (text: string, label: string) => Promise<void>;
  dispose: () => void;
}

/** A store rather than React state: a copy re-renders only the buttons whose outcome changed. */
function createCopyStore(): CopyStore {
  let last: LastCopy | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<() => void>();

  function publish(next: LastCopy | null) {
    last = next;
    for (const listener of listeners) listener();
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    last: () => last,
    async copy(text, label) {
      let outcome: LastCopy['outcome'];
      try {
        await navigator.clipboard.writeText(text);
        outcome = 'copied';
      } catch {
        outcome = 'failed';
      }
      clearTimeout(timer);
      publish({ text, label, outcome, count: (last?.count ?? 0) + 1 });
      timer = setTimeout(() => publish(null), FEEDBACK_MS);
    },
    dispose() {
      clearTimeout(timer);
    },
  };
}

const CopyStoreContext = createContext<CopyStore | null>(null);

function useCopyStore(): CopyStore {
  const store = useContext(CopyStoreContext);
  if (store === null) throw new Error('Copy buttons need a <CopyFeedbackProvider> above them.');
  return store;
}

const noCopyYet = () => null;

export function CopyFeedbackProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createCopyStore);
  useEffect(() => () => store.dispose(), [store]);
  const last = useSyncExternalStore(store.subscribe, store.last, noCopyYet);

  return (
    <CopyStoreContext value={store}>
      {children}
      <div role="status" className="sr-only">
        {last === null ? null : <span key={last.count}>{COPY_MESSAGES[last.outcome]}</span>}
      </div>
    </CopyStoreContext>
  );
}

export function useCopy(
  text: string,
  label: string,
): { copy: CopyStore['copy']; outcome: CopyOutcome } {
  const store = useCopyStore();
  const outcome = useSyncExternalStore<CopyOutcome>(
    store.subscribe,
    () => {
      const last = store.last();
      return last !== null && last.text === text && last.label === label ? last.outcome : 'idle';
    },
    () => 'idle',
  );
  return { copy: store.copy, outcome };
}
