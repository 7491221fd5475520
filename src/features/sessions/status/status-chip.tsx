import { memo } from 'react';
import { Chip } from '#src/components/ui/chip.tsx';
import { statusMeta } from '#src/features/sessions/status/status-meta.ts';

/** A status as a chip: its tone, icon and label from the one status map. Memoised: a row renders
 * again for its dates or marks, its status chip only for a new status. */
export const StatusChip = memo(function StatusChip({ status }: { status: string }) {
  const meta = statusMeta(status);
  return (
    <Chip tone={meta.tone} className={`icon-${meta.icon}`}>
      {meta.label}
    </Chip>
  );
});
