import { createBrowserRouter, createMemoryRouter, type RouteObject } from 'react-router';
import { HomePage } from '#src/app/home-page.tsx';
import { PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { RootLayout } from '#src/app/root-layout.tsx';
import { NotFoundPage, RouteErrorPage } from '#src/app/route-error.tsx';
import { SessionsPage } from '#src/features/sessions/sessions-page.tsx';

export const routes: RouteObject[] = [
  {
    path: PAGE_ROUTES.home,
    Component: RootLayout,
    ErrorBoundary: RouteErrorPage,
    children: [
      { index: true, Component: HomePage },
      { path: PAGE_ROUTES.sessions, Component: SessionsPage },
      { path: '*', Component: NotFoundPage },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}

/** Tests render the real route table at a URL. */
export function createTestRouter(url: string) {
  return createMemoryRouter(routes, { initialEntries: [url] });
}
