import { Suspense, type ComponentProps } from 'react';
import { ErrorBoundary } from '#src/components/error-boundary.tsx';
import type { StatusLinks } from '#src/features/sessions/status/status-links.tsx';
import {
  statusesWithSessions,
  type StatusCountsState,
} from '#src/features/sessions/status/use-status-counts.ts';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

const statusLinks = lazyComponent(() =>
  import('#src/features/sessions/status/status-links.tsx').then((module) => module.StatusLinks),
);

const Nothing = () => null;

export function StatusLinksSlot({
  counts,
  ...props
}: Omit<ComponentProps<typeof StatusLinks>, 'counts'> & { counts: StatusCountsState }) {
  if (counts === undefined || counts === 'unavailable') return null;
  if (statusesWithSessions(counts).length === 0) return null;
  return (
    // A chunk that failed to download leaves the page as it is, without the links.
    <ErrorBoundary fallback={Nothing}>
      <Suspense fallback={null}>
        <statusLinks.Component counts={counts} {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
