import { useCallback, useRef, useState, type ComponentType } from 'react';
import type { ShortcutsDialogProps } from '#src/features/sessions/shortcuts/shortcuts-dialog.tsx';
import { useListShortcuts } from '#src/features/sessions/shortcuts/use-list-shortcuts.ts';
import { lazyModule } from '#src/lib/lazy-module.tsx';
import { useHydrated } from '#src/lib/use-hydrated.ts';

const shortcutsDialog = lazyModule(
  () => import('#src/features/sessions/shortcuts/shortcuts-dialog.tsx'),
);

/**
 * The list's keyboard shortcuts and a quiet hint that they exist. Mounted inside the list page,
 * it works on the rows and filters of the element it sits in; the dialog listing the shortcuts
 * is a chunk of its own, fetched the first time `?` is pressed.
 */
export function ShortcutsHint() {
  const hint = useRef<HTMLParagraphElement>(null);
  const [Dialog, setDialog] = useState<ComponentType<ShortcutsDialogProps> | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  // Where focus was when the dialog opened, to go back there when it closes.
  const returnTo = useRef<Element | null>(null);

  const openHelp = useCallback(() => {
    returnTo.current = document.activeElement;
    setLoadFailed(false);
    shortcutsDialog.load().then(
      (module) => setDialog(() => module.ShortcutsDialog),
      () => setLoadFailed(true),
    );
  }, []);
  const closeHelp = useCallback(() => {
    setDialog(null);
    if (returnTo.current instanceof HTMLElement && returnTo.current.isConnected) {
      returnTo.current.focus();
    }
  }, []);
  useListShortcuts(() => hint.current?.parentElement ?? null, openHelp);
  const hydrated = useHydrated();

  return (
    <>
      <p ref={hint} className="text-xs text-ink-muted max-sm:hidden print:hidden">
        {loadFailed
          ? 'Shortcuts could not load: check the connection.'
          : // Said once the keys work: the server's HTML has no script listening yet.
            hydrated
            ? 'Press ? for keyboard shortcuts.'
            : null}
      </p>
      {Dialog ? <Dialog onClose={closeHelp} /> : null}
    </>
  );
}
