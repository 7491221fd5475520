import { FlaskConical } from 'lucide-react';
import { Link } from 'react-router';
import { useIsDemo } from '#src/api/server-info-query.ts';

/** On every page in demo mode, so seeded data is never mistaken for a real learner's. */
export function DemoBanner() {
  const isDemo = useIsDemo();
  if (!isDemo) return null;
  return (
    <aside
      aria-label="Demo mode"
      className="border-b border-warning-line bg-warning-soft text-xs text-ink"
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-1.5 px-4 py-0.5">
        <FlaskConical aria-hidden="true" className="size-3.5 shrink-0" />
        <strong className="font-semibold">Demo data.</strong>
        <span>
          Every session here is made up
          <span className="max-sm:hidden">: this server is not connected to SmarterProctoring</span>
          .
        </span>
        <Link
          to="/"
          className="inline-flex min-h-6 items-center font-medium underline print:hidden"
        >
          Demo links
        </Link>
      </div>
    </aside>
  );
}
