import type { ComponentProps } from 'react';
import { variants } from '#src/components/ui/variants.ts';

/**
 * Chips by tone, from the chip tokens in styles.css (text at 4.5:1 or more on its background,
 * edges at 3:1 on the rows). `unknown` has a dashed edge (a ring cannot be dashed) so it never
 * passes for a known tone; `off` is a filter chip not chosen.
 */
export const chipVariants = variants(
  'inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap',
  {
    tone: {
      attention:
        'bg-chip-attention-bg text-chip-attention-ink ring-1 ring-chip-attention-line ring-inset',
      waiting: 'bg-chip-waiting-bg text-chip-waiting-ink ring-1 ring-chip-waiting-line ring-inset',
      danger: 'bg-chip-danger-bg text-chip-danger-ink ring-1 ring-chip-danger-line ring-inset',
      scheduled:
        'bg-chip-scheduled-bg text-chip-scheduled-ink ring-1 ring-chip-scheduled-line ring-inset',
      live: 'bg-chip-live-bg text-chip-live-ink ring-1 ring-chip-live-line ring-inset',
      done: 'bg-chip-done-bg text-chip-done-ink ring-1 ring-chip-done-line ring-inset',
      working: 'bg-chip-working-bg text-chip-working-ink ring-1 ring-chip-working-line ring-inset',
      muted: 'bg-chip-muted-bg text-chip-muted-ink ring-1 ring-chip-muted-line ring-inset',
      unknown:
        'bg-chip-unknown-bg text-chip-unknown-ink outline-1 -outline-offset-1 outline-chip-unknown-line outline-dashed',
      off: 'bg-surface text-ink-muted ring-1 ring-line ring-inset hover:text-ink',
    },
  },
  { tone: 'unknown' },
);

export function Chip({
  tone,
  className,
  ...props
}: ComponentProps<'span'> & NonNullable<Parameters<typeof chipVariants>[0]>) {
  return (
    <span
      data-slot="chip"
      data-tone={tone}
      className={chipVariants({ tone, className })}
      {...props}
    />
  );
}
