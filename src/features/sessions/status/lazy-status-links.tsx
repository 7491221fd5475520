import type { ComponentProps } from 'react';
import type { StatusLinks } from '#src/features/sessions/status/status-links.tsx';
import {
  statusesWithSessions,
  type StatusCountsState,
} from '#src/features/sessions/status/use-status-counts.ts';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

const statusLinks = lazyComponent(() =>
  import('#src/features/sessions/status/status-links.tsx').then((module) => module.StatusLinks),
);

export function StatusLinksSlot({
  counts,
  ...props
}: Omit<ComponentProps<typeof StatusLinks>, 'counts'> & { counts: StatusCountsState }) {
  if (counts === undefined || typeof counts === 'string') return null;
  if (statusesWithSessions(counts).length === 0) return null;
  return <statusLinks.Optional counts={counts} {...props} />;
}
