import { Suspense } from 'react';
import { ErrorBoundary } from '#src/components/error-boundary.tsx';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

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
