import { ROW_LINK } from '#src/features/sessions/table/session-row.tsx';

function isShown(element: Element): boolean {
  return element.getClientRects().length > 0;
}

export function moveRowFocus(scope: HTMLElement, step: 1 | -1): void {
  const links = Array.from(scope.querySelectorAll<HTMLAnchorElement>(ROW_LINK));
  const at = links.findIndex((link) => link === document.activeElement);
  const next = links[at < 0 ? 0 : Math.min(links.length - 1, Math.max(0, at + step))];
  if (next === undefined) return;
  next.focus();
  // Focus alone may leave the row cut at an edge.
  next.closest('tr')?.scrollIntoView({ block: 'nearest' });
}

/** A status, or the Filters button on a phone. */
export function focusFilters(scope: HTMLElement): void {
  const controls = Array.from(
    scope
      .querySelector('[data-list-filters]')
      ?.querySelectorAll<HTMLElement>('input, button, select') ?? [],
  );
  (controls.find(isShown) ?? controls[0])?.focus();
}
