import { Suspense, type ComponentProps } from 'react';
import { ErrorBoundary } from '#src/components/error-boundary.tsx';
import type { ExportButton } from '#src/features/export/export-button.tsx';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

const exportButton = lazyComponent(() =>
  import('#src/features/export/export-button.tsx').then((module) => module.ExportButton),
);

const Nothing = () => null;

export function ExportCsv(props: ComponentProps<typeof ExportButton>) {
  return (
    // A chunk that failed to download leaves the list as it is, without the button.
    <ErrorBoundary fallback={Nothing}>
      <Suspense fallback={null}>
        <exportButton.Component {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
