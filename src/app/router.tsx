import { Suspense } from 'react';
import { matchPath, Route, Routes, useLocation } from 'react-router';
import { PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { RootLayout } from '#src/app/root-layout.tsx';
import { ErrorBoundary } from '#src/components/error-boundary.tsx';
import { RouteErrorPage } from '#src/app/route-error.tsx';
import { SessionsPage } from '#src/features/sessions/index.ts';
import { lazyComponent, type LazyComponent } from '#src/lib/lazy-module.tsx';

// Every page but the list loads on demand: the list is what shared links open.
const homePage = lazyComponent(() =>
  import('#src/app/home-page.tsx').then((module) => module.HomePage),
);
const signInPage = lazyComponent(() =>
  import('#src/features/sign-in/index.ts').then((module) => module.SignInPage),
);
const notFoundPage = lazyComponent(() =>
  import('#src/app/not-found-page.tsx').then((module) => module.NotFoundPage),
);
const sessionDetailPage = lazyComponent(() =>
  import('#src/features/session-detail/index.ts').then((module) => module.SessionDetailPage),
);

type LazyPage = LazyComponent<object>;

const LAZY_PAGES: readonly { path: string; page: LazyPage }[] = [
  { path: PAGE_ROUTES.home, page: homePage },
  { path: PAGE_ROUTES.signIn, page: signInPage },
  { path: PAGE_ROUTES.sessionDetail, page: sessionDetailPage },
];

/** False where the catch-all route shows the not-found page. */
export function isKnownPage(pathname: string): boolean {
  return Object.values(PAGE_ROUTES).some((path) => matchPath(path, pathname) !== null);
}

/** Loads the code of the page at this path, if it is a lazy one: before hydrating its HTML. */
export async function loadPageFor(pathname: string): Promise<void> {
  const lazy = LAZY_PAGES.filter(({ path }) => matchPath(path, pathname) !== null);
  await Promise.all(
    [...lazy, ...(isKnownPage(pathname) ? [] : [{ page: notFoundPage }])].map(({ page }) =>
      page.load(),
    ),
  );
}

/** No data router: react-query loads the data, so it would only add weight. */
export function AppRoutes() {
  return (
    <AppErrorBoundary>
      <Routes>
        <Route path={PAGE_ROUTES.home} element={<RootLayout />}>
          <Route index element={<PageOnDemand page={homePage} />} />
          <Route path={PAGE_ROUTES.signIn} element={<PageOnDemand page={signInPage} />} />
          <Route path={PAGE_ROUTES.sessions} element={<SessionsPage />} />
          <Route
            path={PAGE_ROUTES.sessionDetail}
            element={<PageOnDemand page={sessionDetailPage} />}
          />
          <Route path="*" element={<PageOnDemand page={notFoundPage} />} />
        </Route>
      </Routes>
    </AppErrorBoundary>
  );
}

function PageOnDemand({ page: { Component: Page } }: { page: LazyPage }) {
  return (
    <Suspense
      fallback={
        <p role="status" className="text-sm text-ink-muted">
          Loading…
        </p>
      }
    >
      <Page />
    </Suspense>
  );
}

export function AppErrorBoundary({ children }: { children: React.ReactNode }) {
  const { key } = useLocation();
  return (
    <ErrorBoundary fallback={RouteErrorPage} resetKey={key}>
      {children}
    </ErrorBoundary>
  );
}
