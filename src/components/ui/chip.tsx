import type { ComponentProps } from 'react';
import { cx } from '#src/components/ui/variants.ts';

/**
 * Chips by tone, from the chip tokens in styles.css (text at 4.5:1 or more on its background,
 * edges at 3:1 on the rows). `unknown` has a dashed edge (a ring cannot be dashed) so it never
 * passes for a known tone; `off` is a filter chip not chosen. Two short class names, styled once
 * in styles.css: a list repeats a chip in every row's HTML.
 */
export type ChipTone =
  | 'attention'
  | 'waiting'
  | 'danger'
  | 'scheduled'
  | 'live'
  | 'done'
  | 'working'
  | 'muted'
  | 'unknown'
  | 'off';

export function chipClass({
  tone = 'unknown',
  className,
}: { tone?: ChipTone | undefined; className?: string | undefined } = {}): string {
  return cx('chip', `chip-${tone}`, className);
}

export function Chip({
  tone,
  className,
  ...props
}: ComponentProps<'span'> & { tone?: ChipTone | undefined }) {
  return <span className={chipClass({ tone, className })} {...props} />;
}
