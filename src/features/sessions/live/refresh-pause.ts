/**
 * When auto-refresh holds off: while the user types in a field or has a menu, disclosure or
 * dialog open, new rows would move what they are working on. (While the tab is hidden react-query
 * itself skips the interval's fetches.)
 */
import { useSyncExternalStore } from 'react';
import { isTextEntry } from '#src/lib/text-entry.ts';

/** An open menu or disclosure anywhere on the page. */
const OPEN_POPUPS = 'details[open], dialog[open], [aria-expanded="true"]';

/**
 * Whether auto-refresh should wait. A focused select does not count: it keeps focus after a
 * choice (the Auto-refresh select among them), which would hold refreshing until a click
 * elsewhere, and a fetch does not disturb its open list.
 */
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

/**
 * isRefreshPaused for this page, kept current while `watching` (auto-refresh is on); false when
 * not watching, on the server and during hydration.
 */
export function useRefreshPaused(watching: boolean): boolean {
  return useSyncExternalStore(
    watching ? subscribe : ignore,
    () => watching && isRefreshPaused(document),
    () => false,
  );
}
