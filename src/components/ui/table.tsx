import { createElement, type ComponentProps } from 'react';
import { cx } from '#src/components/ui/variants.ts';

type Tag = 'table' | 'thead' | 'tr' | 'th' | 'td';

/** One table part: its element with the app's classes, plus any the caller adds. */
function part<T extends Tag>(tag: T, base: string, fixed?: Record<string, string>) {
  return ({ className, ...props }: ComponentProps<T>) =>
    createElement(tag, { ...fixed, ...props, className: cx(base, className) || undefined });
}

/** Only the table carries `data-slot`: rows and cells repeat too often to mark each one. */
export const Table = part('table', 'w-full border-collapse text-left text-sm', {
  'data-slot': 'table',
});
export const TableHeader = part(
  'thead',
  'border-b border-line bg-surface-muted text-xs tracking-wide text-ink-muted uppercase',
);
/** The cells' padding is set once on their row, not repeated in every cell's HTML. */
export const TableRow = part('tr', 'border-b border-line last:border-0 *:px-3 *:py-1.5');
/** A column's header cell. */
export const TableHead = part('th', 'font-semibold whitespace-nowrap', { scope: 'col' });
export const TableCell = part('td', '');
