import { ErrorBoundary } from 'react-error-boundary';
import { Route, Routes, useLocation } from 'react-router';
import { PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { HomePage } from '#src/app/home-page.tsx';
import { RootLayout } from '#src/app/root-layout.tsx';
import { NotFoundPage, RouteErrorPage } from '#src/app/route-error.tsx';
import { SessionsPage } from '#src/features/sessions/sessions-page.tsx';
import { SignInPage } from '#src/features/sign-in/sign-in-page.tsx';

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
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </AppErrorBoundary>
  );
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
