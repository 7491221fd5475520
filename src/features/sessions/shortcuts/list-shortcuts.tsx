import { Suspense } from 'react';
import { ErrorBoundary } from '#src/components/error-boundary.tsx';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

/**
 * The list's keyboard shortcuts and their hint, a chunk of their own: the server renders the hint
 * (it loads all code first, see loadAll) and the keys work once the browser has the chunk.
 */
const shortcuts = lazyComponent(() =>
  import('#src/features/sessions/shortcuts/shortcuts-hint.tsx').then(
    (module) => module.ShortcutsHint,
  ),
);

const Nothing = () => null;

export function ListShortcuts() {
  return (
    <ErrorBoundary fallback={Nothing}>
      <Suspense fallback={null}>
        <shortcuts.Component />
      </Suspense>
    </ErrorBoundary>
  );
}
