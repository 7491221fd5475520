import { renderToString } from 'react-dom/server';
import { StaticRouter } from 'react-router';
import type { PageRenderer } from '#src/api/contract/page-data.ts';
import { seedPageData } from '#src/app/page-data.ts';
import { AppProviders, createQueryClient } from '#src/app/providers.tsx';
import { AppRoutes, isKnownPage } from '#src/app/router.tsx';
import { planListPage } from '#src/features/sessions/index.ts';
import { loadAll } from '#src/lib/lazy-module.tsx';
import { ServerRendered } from '#src/lib/use-hydrated.tsx';

export const pageRenderer: PageRenderer = {
  planListPage,
  pageStatus: (url) => (isKnownPage(url.pathname) ? 200 : 404),
  async renderPage(url, data) {
    // renderToString cannot wait for code: all of it is loaded first (once per process).
    await loadAll();
    const queryClient = createQueryClient();
    seedPageData(queryClient, url, data);
    const html = renderToString(
      <ServerRendered>
        <AppProviders queryClient={queryClient}>
          <StaticRouter location={`${url.pathname}${url.search}`}>
            <AppRoutes />
          </StaticRouter>
        </AppProviders>
      </ServerRendered>,
    );
    return { html };
  },
};
