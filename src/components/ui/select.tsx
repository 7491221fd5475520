import type { ComponentProps } from 'react';
import { cx } from '#src/components/ui/variants.ts';

/** A native select in the app's look: the platform's own picker, keyboard and touch behaviour. */
export function Select({ className, ...props }: ComponentProps<'select'>) {
  return (
    <select
      data-slot="select"
      className={cx(
        'min-h-7 rounded-md border border-line-strong bg-surface px-2 py-1 text-ink',
        className,
      )}
      {...props}
    />
  );
}
