import { useCallback, useRef, useState, type ComponentType } from 'react';
import type { ShortcutsDialogProps } from '#src/features/sessions/shortcuts/shortcuts-dialog.tsx';
import { useListShortcuts } from '#src/features/sessions/shortcuts/use-list-shortcuts.ts';
import { lazyModule } from '#src/lib/lazy-module.tsx';
import { useHydrated } from '#src/lib/use-hydrated.tsx';

const shortcutsDialog = lazyModule(
  () => import('#src/features/sessions/shortcuts/shortcuts-dialog.tsx'),
);

export function ShortcutsHint() {
  const hint = useRef<HTMLParagraphElement>(null);
  const [Dialog, setDialog] = useState<ComponentType<ShortcutsDialogProps> | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
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
  // The list around the hint, past the `contents` wrapper a deferred part has (lazy-module.tsx).
  useListShortcuts(() => hint.current?.parentElement?.closest(':not(.contents)') ?? null, openHelp);
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
