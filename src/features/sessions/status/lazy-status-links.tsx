import { Suspense, type ComponentProps } from 'react';
import { ErrorBoundary } from '#src/components/error-boundary.tsx';
import type { StatusLinks } from '#src/features/sessions/status/status-links.tsx';
import {
  statusesWithSessions,
  type StatusCountsState,
} from '#src/features/sessions/status/use-status-counts.ts';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

/**
 * The links need the counts, which the browser asks for once the rows are on screen: never in the
 * server's HTML, so their code is not part of the first view.
 */
const statusLinks = lazyComponent(() =>
  import('#src/features/sessions/status/status-links.tsx').then((module) => module.StatusLinks),
);

const Nothing = () => null;

/** StatusLinks once there are counts with at least one session; nothing before, or without them. */
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
