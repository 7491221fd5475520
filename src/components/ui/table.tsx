import type { ComponentProps } from 'react';
import { cx } from '#src/components/ui/variants.ts';

/** Table parts in the app's look. Only the table carries `data-slot`: cells repeat too often. */
export function Table({ className, ...props }: ComponentProps<'table'>) {
  return (
    <table
      data-slot="table"
      className={cx('w-full border-collapse text-left text-sm', className)}
      {...props}
    />
  );
}

export function TableCaption({ className, ...props }: ComponentProps<'caption'>) {
  return <caption className={cx('sr-only', className)} {...props} />;
}

export function TableHeader({ className, ...props }: ComponentProps<'thead'>) {
  return (
    <thead
      className={cx(
        'border-b border-line bg-surface-muted text-xs tracking-wide text-ink-muted uppercase',
        className,
      )}
      {...props}
    />
  );
}

export function TableBody(props: ComponentProps<'tbody'>) {
  return <tbody {...props} />;
}

export function TableRow({ className, ...props }: ComponentProps<'tr'>) {
  return <tr className={cx('border-b border-line last:border-0', className)} {...props} />;
}

/** A column's header cell. */
export function TableHead({ className, ...props }: ComponentProps<'th'>) {
  return (
    <th
      scope="col"
      className={cx('px-3 py-2 font-semibold whitespace-nowrap', className)}
      {...props}
    />
  );
}

export function TableCell({ className, ...props }: ComponentProps<'td'>) {
  return <td className={cx('px-3 py-2', className)} {...props} />;
}
