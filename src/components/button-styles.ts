/** The app's button looks, shared so every action of the same weight reads alike. */
const base =
  'inline-flex items-center justify-center gap-1 rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50';

export const buttonStyles = {
  primary: `${base} bg-accent text-white hover:bg-blue-800`,
  secondary: `${base} border border-slate-400 bg-surface text-ink hover:bg-slate-50`,
} as const;
