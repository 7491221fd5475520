/**
 * The app rendered on the server: the same routes, providers and components as in the browser,
 * with the page's data already in the query cache, so the first HTML holds the rows.
 */
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';
import type { PageRenderer } from '#src/api/contract/page-data.ts';
import { seedPageData } from '#src/app/page-data.ts';
import { AppProviders, createQueryClient } from '#src/app/providers.tsx';
import { routes } from '#src/app/router.tsx';
import { planListPage } from '#src/features/sessions/list-page-plan.ts';

const handler = createStaticHandler(routes);

export const pageRenderer: PageRenderer = {
  planListPage,
  async renderPage(url, data) {
    const context = await handler.query(new Request(url));
    // No route has a loader or an action, so nothing can answer with a redirect or a response.
    if (context instanceof Response) throw new Error(`The router answered ${url} with a response.`);
    const queryClient = createQueryClient();
    seedPageData(queryClient, url, data);
    const router = createStaticRouter(handler.dataRoutes, context);
    // hydrate={false}: without loaders there is no router data to send, so no inline script.
    return renderToString(
      <AppProviders queryClient={queryClient}>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </AppProviders>,
    );
  },
};
