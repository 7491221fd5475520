import { useEffect, useLayoutEffect, useRef } from 'react';
import { lazyModule } from '#src/lib/lazy-module.tsx';
import { takesKeys } from '#src/lib/text-entry.ts';
import { ROW_LINK } from '#src/features/sessions/table/session-row.tsx';

const shortcutActions = lazyModule(
  () => import('#src/features/sessions/shortcuts/list-shortcut-actions.ts'),
);

const STEPS: Readonly<Record<string, 1 | -1>> = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };

/** See docs/decisions/keyboard-shortcuts.md. */
export function useListShortcuts(scope: () => HTMLElement | null, openHelp: () => void): void {
  // The latest callbacks, so the document listener is added once.
  const latest = useRef({ scope, openHelp });
  useEffect(() => {
    latest.current = { scope, openHelp };
  });

  // A layout effect: the keys work from the first paint that says they do, never a moment after.
  useLayoutEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { key } = event;
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
      if (takesKeys(event.target) || document.querySelector('dialog[open]') !== null) return;
      const root = latest.current.scope();
      const step = STEPS[key];
      const fromRow = document.activeElement?.matches(ROW_LINK) === true;
      if (root === null || (step === undefined && key !== '/' && key !== '?')) return;
      if (key.startsWith('Arrow') && !fromRow) return;
      event.preventDefault();
      if (key === '?') {
        latest.current.openHelp();
        return;
      }
      void shortcutActions.load().then((actions) => {
        if (step === undefined) actions.focusFilters(root);
        else actions.moveRowFocus(root, step);
      });
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
