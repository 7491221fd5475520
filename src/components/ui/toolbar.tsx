import { useState, type KeyboardEvent } from 'react';

/**
 * A toolbar's roving tab index (WAI-ARIA APG toolbar pattern): the group is one tab stop, the
 * arrows, Home and End move between its items, and Tab comes back to the one last focused.
 * `first` is the item that holds the stop until then; the same on server and client.
 */
export function useToolbar(first = 0) {
  const [active, setActive] = useState<number | null>(null);
  return {
    toolbarProps: {
      role: 'toolbar',
      onKeyDown(event: KeyboardEvent<HTMLElement>) {
        // Its items are what carries a tab index: every item does, and nothing else in a toolbar.
        const items = Array.from(event.currentTarget.querySelectorAll<HTMLElement>('[tabindex]'));
        const at = items.findIndex((item) => item === event.target);
        const last = items.length - 1;
        const moves: Partial<Record<string, number>> = {
          ArrowRight: at < last ? at + 1 : 0,
          ArrowLeft: at > 0 ? at - 1 : last,
          Home: 0,
          End: last,
        };
        const next = items[moves[event.key] ?? -1];
        if (at < 0 || next === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        next.focus();
      },
    },
    itemProps: (index: number) => ({
      tabIndex: index === (active ?? first) ? 0 : -1,
      onFocus: () => setActive(index),
    }),
  };
}
