import { useId, type ReactNode } from 'react';

/** `footer` is outside the live region, so content that arrives later is not announced again. */
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
