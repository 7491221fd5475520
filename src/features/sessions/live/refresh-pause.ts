// New rows would move what the user is working on: see docs/decisions/live-list-signals.md.
import { useSyncExternalStore } from 'react';
import { isTextEntry } from '#src/lib/text-entry.ts';

const OPEN_POPUPS = 'details[open], dialog[open], [aria-expanded="true"]';

/** A focused select does not count: it keeps focus after a choice, and a fetch leaves it be. */
export function isRefreshPaused(doc: Document): boolean {
  return isTextEntry(doc.activeElement) || doc.querySelector(OPEN_POPUPS) !== null;
}

function subscribe(onChange: () => void): () => void {
  document.addEventListener('focusin', onChange);
  document.addEventListener('focusout', onChange);
  // Menus and disclosures open and close by attribute, whatever opened them.
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, {
    subtree: true,
    attributes: true,
    attributeFilter: ['open', 'aria-expanded'],
  });
  return () => {
    document.removeEventListener('focusin', onChange);
    document.removeEventListener('focusout', onChange);
    observer.disconnect();
  };
}

const ignore = () => () => undefined;

export function useRefreshPaused(watching: boolean): boolean {
  return useSyncExternalStore(
    watching ? subscribe : ignore,
    () => watching && isRefreshPaused(document),
    () => false,
  );
}
