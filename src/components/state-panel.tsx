import { useId, type ReactNode } from 'react';

/** A centred panel for a page state (an error, an empty list): icon, title, then what to do. */
export function StatePanel({
  title,
  children,
  icon,
  role,
}: {
  title: string;
  children: ReactNode;
  icon: ReactNode;
  role?: 'alert' | 'status';
}) {
  const titleId = useId();
  return (
    <section
      role={role}
      aria-labelledby={titleId}
      className="rounded-lg border border-line bg-surface px-6 py-10 text-center"
    >
      <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-full bg-surface-hover">
        {icon}
      </div>
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mx-auto mt-2 max-w-prose space-y-4 text-sm text-ink-muted">{children}</div>
    </section>
  );
}
