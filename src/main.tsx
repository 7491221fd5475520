import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { readPageData, seedPageData } from '#src/app/page-data.ts';
import { AppProviders, createQueryClient } from '#src/app/providers.tsx';
import { AppRoutes, loadPageFor } from '#src/app/router.tsx';
import { preloadApiErrorPanel } from '#src/components/lazy-api-error-panel.tsx';
import { HydrationCommitted, holdIdleLoadsForHydration } from '#src/lib/lazy-module.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element to render into.');

const queryClient = createQueryClient();
// A server-rendered page carries the data it was rendered with: the same cache makes the same HTML.
const pageData = readPageData(document);
if (pageData !== null) seedPageData(queryClient, new URL(window.location.href), pageData);

const hydrating = pageData !== null && root.hasChildNodes();
// The extras' code waits until the page has hydrated and the browser is idle.
if (hydrating) holdIdleLoadsForHydration();

const app = (
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
    <HydrationCommitted />
  </StrictMode>
);

/** Resolves once the frame after this one has begun: the server's HTML is on screen by then. */
function afterFirstPaint(): Promise<void> {
  // A tab opened in the background paints nothing, and runs no animation frame, until shown.
  if (document.hidden) return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

if (hydrating) {
  // A first render that suspends would not match the HTML: the page's code comes first. The
  // rows are painted before hydration starts, so staff read them while the page wakes up.
  void Promise.all([loadPageFor(window.location.pathname), afterFirstPaint()]).then(
    () => hydrateRoot(root, app),
    () => createRoot(root).render(app),
  );
} else createRoot(root).render(app);

preloadApiErrorPanel();
