import { useId, type ReactNode } from 'react';

/**
 * A centred panel for a page state (an error, an empty list): icon, title, then what to do.
 * `footer` sits in the panel but outside its live region: content that arrives or changes later
 * (the empty list's status links follow the counts) must not be announced again each time.
 */
export function StatePanel({
  title,
  children,
  icon,
  role,
  footer,
}: {
  title: string;
  children: ReactNode;
  icon: ReactNode;
  role: 'alert' | 'status';
  footer?: ReactNode;
}) {
  const titleId = useId();
  return (
    <div className="rounded-lg border border-line bg-surface px-6 py-10 text-center">
      <section role={role} aria-labelledby={titleId}>
        <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-surface-hover">
          {icon}
        </div>
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <div className="mx-auto mt-2 max-w-prose space-y-4 text-sm text-ink-muted">{children}</div>
      </section>
      {footer === undefined ? null : (
        <div className="mx-auto mt-4 max-w-prose text-sm text-ink-muted">{footer}</div>
      )}
    </div>
  );
}
