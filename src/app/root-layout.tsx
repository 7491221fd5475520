import { Link, Outlet } from 'react-router';
import { AccountStatus } from '#src/app/account-status.tsx';
import { DemoBanner } from '#src/app/demo-banner.tsx';

export function RootLayout() {
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <DemoBanner />
      <header className="border-b border-line bg-surface">
        <div className="mx-auto flex max-w-7xl items-center gap-3 px-4 py-3">
          <Link to="/" className="flex items-center gap-2 font-semibold text-ink">
            <img src="/favicon.svg" alt="" className="size-6" />
            Proctoring sessions
          </Link>
          <span className="text-sm text-ink-muted">SmarterProctoring staff dashboard</span>
          <AccountStatus />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
