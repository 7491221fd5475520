import { useState, type KeyboardEvent } from 'react';

const STEPS: Readonly<Record<string, (at: number, last: number) => number>> = {
  ArrowRight: (at, last) => (at === last ? 0 : at + 1),
  ArrowLeft: (at, last) => (at === 0 ? last : at - 1),
  Home: () => 0,
  End: (_, last) => last,
};

/**
 * A toolbar's roving tab index (WAI-ARIA APG toolbar pattern): the group is one tab stop, the
 * arrows, Home and End move between its items, and Tab comes back to the one last focused.
 * `first` is the item that holds the stop until then; the same on server and client.
 */
export function useToolbar(first = 0) {
  const [active, setActive] = useState<number | null>(null);
  const stop = active ?? first;
  return {
    toolbarProps: {
      role: 'toolbar',
      onKeyDown: (event: KeyboardEvent<HTMLElement>) => {
        const step = STEPS[event.key];
        const items = Array.from(
          event.currentTarget.querySelectorAll<HTMLElement>('[data-toolbar-item]'),
        );
        const at = items.findIndex((item) => item === event.target);
        if (step === undefined || at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        items[step(at, items.length - 1)]?.focus();
      },
    },
    itemProps: (index: number) => ({
      'data-toolbar-item': '',
      tabIndex: index === stop ? 0 : -1,
      onFocus: () => setActive(index),
    }),
  };
}
