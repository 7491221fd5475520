const base =
  'inline-flex min-h-8 items-center justify-center gap-1 rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60';

export const buttonStyles = {
  primary: `${base} bg-accent text-on-accent hover:bg-accent-hover`,
  secondary: `${base} border border-line-strong bg-surface text-ink hover:bg-surface-hover`,
} as const;
