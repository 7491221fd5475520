import { useEffect, useLayoutEffect, useRef } from 'react';
import { lazyModule } from '#src/lib/lazy-module.tsx';
import { takesKeys } from '#src/lib/text-entry.ts';

/** A row's session link (its one tab stop), in the table and in the cards. */
export const ROW_LINK = 'a[data-session-sid]';

const shortcutActions = lazyModule(
  () => import('#src/features/sessions/shortcuts/list-shortcut-actions.ts'),
);

const STEPS: Readonly<Record<string, 1 | -1>> = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };

/**
 * The list's keyboard shortcuts: j or ArrowDown and k or ArrowUp move focus between the rows'
 * session links (Enter then opens one, as a link does), `/` focuses the filters, `?` asks for the
 * list of shortcuts. Nothing fires while typing in a field, with Ctrl, Alt or Meta held, or while
 * a dialog is open. The arrows act only from a row link, so elsewhere they still scroll the page.
 * Escape is left alone: the filters' disclosure and dialogs handle it themselves. Only this
 * listener is in the first view; what the keys do is fetched on the first one pressed.
 */
export function useListShortcuts(scope: () => HTMLElement | null, openHelp: () => void): void {
  // The latest callbacks, so the document listener is added once.
  const latest = useRef({ scope, openHelp });
  useEffect(() => {
    latest.current = { scope, openHelp };
  });

  // A layout effect: the keys work from the first paint that says they do (the hint), never a
  // moment after it (a key pressed in between was lost, 1 run in 104).
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
