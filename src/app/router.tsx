import { lazy, Suspense } from 'react';
import { ErrorBoundary } from 'react-error-boundary';
import { Route, Routes, useLocation } from 'react-router';
import { PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { HomePage } from '#src/app/home-page.tsx';
import { RootLayout } from '#src/app/root-layout.tsx';
import { NotFoundPage, RouteErrorPage } from '#src/app/route-error.tsx';
import { SessionsPage } from '#src/features/sessions/sessions-page.tsx';
// Eager on purpose: lazy, it made the bundler split the shared React runtime into its own chunk
// on the first view, which cost more than the 1.6 kB it saved.
import { SignInPage } from '#src/features/sign-in/sign-in-page.tsx';
import { useHydrated } from '#src/lib/use-hydrated.ts';

/** Loaded when a session is opened, so the list's first view downloads none of its code. */
const SessionDetailPage = lazy(() =>
  import('#src/features/session-detail/session-detail-page.tsx').then((module) => ({
    default: module.SessionDetailPage,
  })),
);

/**
 * The dashboard's routes, declared as components: no route loads data through the router (react
 * -query does), so the data router would only add weight. The same tree renders in the browser
 * (BrowserRouter), on the server (StaticRouter) and in tests (MemoryRouter).
 */
export function AppRoutes() {
  return (
    <AppErrorBoundary>
      <Routes>
        <Route path={PAGE_ROUTES.home} element={<RootLayout />}>
          <Route index element={<HomePage />} />
          <Route path={PAGE_ROUTES.signIn} element={<SignInPage />} />
          <Route path={PAGE_ROUTES.sessions} element={<SessionsPage />} />
          <Route
            path={PAGE_ROUTES.sessionDetail}
            element={
              <LazyPage loading="Loading the session…">
                <SessionDetailPage />
              </LazyPage>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AppErrorBoundary>
  );
}

/**
 * A page whose code loads on demand. The server renders with renderToString, which cannot wait
 * for lazy code: it, and hydration after it, show the loading line, and the page follows in the
 * browser, so the HTML and the first browser render always agree.
 */
function LazyPage({ loading, children }: { loading: string; children: React.ReactNode }) {
  const placeholder = (
    <p role="status" className="text-sm text-ink-muted">
      {loading}
    </p>
  );
  if (!useHydrated()) return placeholder;
  return <Suspense fallback={placeholder}>{children}</Suspense>;
}

/** A render error anywhere shows a plain-words page; any navigation (Back included) clears it. */
export function AppErrorBoundary({ children }: { children: React.ReactNode }) {
  const { key } = useLocation();
  return (
    <ErrorBoundary FallbackComponent={RouteErrorPage} resetKeys={[key]}>
      {children}
    </ErrorBoundary>
  );
}
