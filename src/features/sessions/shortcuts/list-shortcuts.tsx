import { lazyComponent } from '#src/lib/lazy-module.tsx';

const shortcuts = lazyComponent(() =>
  import('#src/features/sessions/shortcuts/shortcuts-hint.tsx').then(
    (module) => module.ShortcutsHint,
  ),
);

export const ListShortcuts = shortcuts.Deferred;
