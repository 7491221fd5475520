import { statusMeta, TONE_CLASSES } from '#src/features/sessions/status/status-meta.ts';

export function StatusChip({ status }: { status: string }) {
  const meta = statusMeta(status);
  const Icon = meta.icon;
  return (
    <span
      data-slot="status-chip"
      data-tone={meta.tone}
      title={meta.meaning}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONE_CLASSES[meta.tone]}`}
    >
      <Icon aria-hidden="true" className="size-3.5 shrink-0" />
      {meta.label}
    </span>
  );
}
