import { Chip } from '#src/components/ui/chip.tsx';
import { statusMeta } from '#src/features/sessions/status/status-meta.ts';

/** A status as a chip: its tone, icon and label from the one status map. */
export function StatusChip({ status }: { status: string }) {
  const meta = statusMeta(status);
  const Icon = meta.icon;
  return (
    <Chip data-slot="status-chip" tone={meta.tone} title={meta.meaning}>
      <Icon aria-hidden="true" className="size-3.5 shrink-0" />
      {meta.label}
    </Chip>
  );
}
