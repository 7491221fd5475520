import { StrictMode, startTransition } from 'react';
import { BrowserRouter } from 'react-router';
import { showCodeFailed } from '#src/app/code-failed.ts';
import { readPageData, seedPageData } from '#src/app/page-data.ts';
import { AppProviders, createQueryClient } from '#src/app/providers.tsx';
import { AppRoutes, loadPageFor } from '#src/app/router.tsx';
import { preloadApiErrorPanel } from '#src/components/lazy-api-error-panel.tsx';
import { holdIdleLoadsForHydration, lazyModule } from '#src/lib/lazy-module.tsx';
import { Hydrating } from '#src/lib/use-hydrated.tsx';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element to render into.');

const queryClient = createQueryClient();
// A server-rendered page carries the data it was rendered with: the same cache makes the same HTML.
const pageData = readPageData(document);
if (pageData !== null) seedPageData(queryClient, new URL(window.location.href), pageData);

const hydrating = pageData !== null && root.hasChildNodes();
// The extras' code waits until the page has hydrated and the browser is idle.
const releaseIdleLoads = hydrating ? holdIdleLoadsForHydration() : undefined;

const tree = (
  <AppProviders queryClient={queryClient}>
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  </AppProviders>
);
const app = (takesOverServerHtml: boolean) => (
  <StrictMode>
    {takesOverServerHtml ? <Hydrating onHydrated={releaseIdleLoads}>{tree}</Hydrating> : tree}
  </StrictMode>
);

// React DOM starts in a task of its own, after the app's modules: the entry's evaluation is two
// shorter tasks, not one long one. Its chunk is preloaded beside the entry's (paint-before-code).
const reactDom = new Promise((resolve) => setTimeout(resolve, 0)).then(
  lazyModule(() => import('react-dom/client')).load,
);

if (hydrating) {
  // A first render that suspends would not match the HTML: the page's code comes first. The rows
  // are on screen already (this code runs after the first paint: scripts/paint-before-code.ts).
  // In a transition, hydration yields to the browser every few milliseconds: no long task.
  // Settled at once, so that a failed download is handled, not reported as unhandled meanwhile.
  const pageCode = loadPageFor(window.location.pathname).then(
    () => true,
    () => false,
  );
  void reactDom
    .then(async ({ createRoot, hydrateRoot }) => {
      if (await pageCode) startTransition(() => void hydrateRoot(root, app(true)));
      else {
        // Rendered afresh, nothing hydrates: the extras may load once the browser is idle.
        releaseIdleLoads?.();
        createRoot(root).render(app(false));
      }
    })
    .catch(showCodeFailed);
} else {
  void reactDom.then(({ createRoot }) => createRoot(root).render(app(false))).catch(showCodeFailed);
}

preloadApiErrorPanel();
