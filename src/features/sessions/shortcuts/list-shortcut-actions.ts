/**
 * What the list's shortcuts do, fetched on the first shortcut pressed (the list's first view only
 * carries the listener that decides whether a key is a shortcut at all).
 */
import { ROW_LINK } from '#src/features/sessions/shortcuts/use-list-shortcuts.ts';

function isShown(element: Element): boolean {
  return element.getClientRects().length > 0;
}

/**
 * The row links shown: the table and the cards both hold one per session and CSS shows one of
 * them, so only links with a box count (all of them where nothing has a box, as without layout).
 */
function rowLinks(scope: HTMLElement): HTMLAnchorElement[] {
  const links = Array.from(scope.querySelectorAll<HTMLAnchorElement>(ROW_LINK));
  const shown = links.filter(isShown);
  return shown.length > 0 ? shown : links;
}

/** Focus to the next (1) or previous (-1) row, or the first when focus is on none. */
export function moveRowFocus(scope: HTMLElement, step: 1 | -1): void {
  const links = rowLinks(scope);
  const at = links.findIndex((link) => link === document.activeElement);
  const next = links[at < 0 ? 0 : Math.min(links.length - 1, Math.max(0, at + step))];
  if (next === undefined) return;
  next.focus();
  // The whole row, not just its link, comes into view (focus alone may leave it cut at an edge).
  next.closest('tr, li')?.scrollIntoView({ block: 'nearest' });
}

/** Focus to the filters' first control shown: a status, or the Filters button on a phone. */
export function focusFilters(scope: HTMLElement): void {
  const controls = Array.from(
    scope
      .querySelector('[data-list-filters]')
      ?.querySelectorAll<HTMLElement>('input, button, select') ?? [],
  );
  (controls.find(isShown) ?? controls[0])?.focus();
}
