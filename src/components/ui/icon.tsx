import { cx } from '#src/components/ui/variants.ts';

/** Every shape icons.css draws, by lucide name, in the order they sit in its one image. */
export const ICON_SHAPES = [
  'user-search',
  'hourglass',
  'user-round-x',
  'calendar-check',
  'shield-alert',
  'circle-check',
  'loader-circle',
  'ban',
  'circle-play',
  'circle-help',
  'arrow-down',
  'arrow-up',
  'check',
  'copy',
  'chevron-first',
  'chevron-last',
  'chevron-left',
  'chevron-right',
  'link-2',
] as const;
export type IconName = (typeof ICON_SHAPES)[number];

/** Decoration beside words that say the same: hidden from assistive technology. */
export function Icon({ name, className }: { name: IconName; className?: string }) {
  return <span aria-hidden="true" className={cx('icon', `icon-${name}`, className)} />;
}
