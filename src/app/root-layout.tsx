import { FlaskConical } from 'lucide-react';
import { Link, Outlet } from 'react-router';
import { useIsDemo } from '#src/api/server-info-query.ts';

/** On every page in demo mode, so seeded data is never mistaken for a real learner's. */
function DemoBanner() {
  return (
    <aside
      aria-label="Demo mode"
      className="border-b border-amber-300 bg-amber-50 text-sm text-amber-950"
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-2 px-4 py-1.5">
        <FlaskConical aria-hidden="true" className="size-4 shrink-0" />
        <strong className="font-semibold">Demo data.</strong>
        <span>
          This server is not connected to SmarterProctoring: every session here is made up.
        </span>
        <Link to="/" className="font-medium underline">
          Demo links
        </Link>
      </div>
    </aside>
  );
}

export function RootLayout() {
  const isDemo = useIsDemo();
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      {isDemo ? <DemoBanner /> : null}
      <header className="border-b border-line bg-surface">
        <div className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-3">
          <Link to="/" className="flex items-center gap-2 font-semibold text-ink">
            <img src="/favicon.svg" alt="" className="size-6" />
            Proctoring sessions
          </Link>
          <span className="text-sm text-ink-muted">SmarterProctoring staff dashboard</span>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
