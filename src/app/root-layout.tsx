import { Link, Outlet } from 'react-router';
import { AccountStatus, DemoBanner, ThemeSelect } from '#src/app/layout-extras.tsx';
import { PageArrivalProvider } from '#src/components/page-arrival.tsx';
import { SkipLink } from '#src/components/ui/skip-link.tsx';

export function RootLayout() {
  return (
    <div className="min-h-screen">
      <SkipLink target="main">Skip to content</SkipLink>
      <DemoBanner />
      <header className="border-b border-line bg-surface">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2">
          <Link to="/" className="flex min-h-6 items-center gap-2 font-semibold text-ink">
            <span aria-hidden="true" className="brand-mark size-6" />
            Proctoring sessions
          </Link>
          <span className="hidden text-sm text-ink-muted sm:inline">
            SmarterProctoring staff dashboard
          </span>
          <div className="ml-auto flex flex-wrap items-center gap-x-4 gap-y-2 print:hidden">
            <AccountStatus />
            <ThemeSelect />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-4 focus:outline-none">
        <PageArrivalProvider>
          <Outlet />
        </PageArrivalProvider>
      </main>
    </div>
  );
}
