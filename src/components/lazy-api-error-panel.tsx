import { Suspense, type ComponentProps } from 'react';
import type { ApiErrorPanel as EagerApiErrorPanel } from '#src/components/api-error-panel.tsx';
import { ErrorBoundary } from '#src/components/error-boundary.tsx';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

// Not in the first view: a server-rendered page never holds an error.
const panel = lazyComponent(() =>
  import('#src/components/api-error-panel.tsx').then((module) => module.ApiErrorPanel),
);

const refreshFailed = lazyComponent(() =>
  import('#src/components/api-error-panel.tsx').then((module) => module.RefreshFailedNotice),
);

/** Shown over rows already on screen, so a notice that cannot load leaves them as they are. */
export const RefreshFailedNotice = refreshFailed.Optional;

export function ApiErrorPanel(props: ComponentProps<typeof EagerApiErrorPanel>) {
  return (
    // Its code failing to download (offline, a new deploy) still reads as an error, in words.
    <ErrorBoundary fallback={PanelUnavailable}>
      <Suspense fallback={null}>
        <panel.Component {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}

function PanelUnavailable() {
  return (
    <p role="alert" className="rounded-lg border border-danger-line bg-danger-soft p-4 text-sm">
      Something went wrong: check your connection, then reload the page.
    </p>
  );
}

export function preloadApiErrorPanel(): void {
  void panel.loadWhenIdle().catch(() => undefined);
}
