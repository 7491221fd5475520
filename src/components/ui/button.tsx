import type { ComponentProps } from 'react';
import { variants } from '#src/components/ui/variants.ts';

/** The app's button looks, for buttons and for links that act as one, so equal actions read alike. */
export const buttonVariants = variants(
  'inline-flex items-center justify-center gap-1 rounded-md text-sm font-medium disabled:cursor-not-allowed',
  {
    variant: {
      primary: 'bg-accent text-on-accent hover:bg-accent-hover',
      secondary: 'border border-line-strong bg-surface text-ink hover:bg-surface-hover',
    },
    size: {
      md: 'min-h-8 px-3 py-1.5 disabled:opacity-60',
      sm: 'min-h-6 min-w-6 px-2.5 py-1.5 disabled:opacity-40',
    },
  },
  { variant: 'secondary', size: 'md' },
);

type ButtonVariants = NonNullable<Parameters<typeof buttonVariants>[0]>;

export function Button({
  variant,
  size,
  className,
  type = 'button',
  ...props
}: ComponentProps<'button'> & ButtonVariants) {
  return (
    <button
      data-slot="button"
      type={type}
      className={buttonVariants({ variant, size, className })}
      {...props}
    />
  );
}
