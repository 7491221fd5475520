import { render } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { RouterProvider } from 'react-router';
import { AppProviders, createQueryClient } from '#src/app/providers.tsx';
import { createTestRouter } from '#src/app/router.tsx';

/**
 * Renders the real route table at a URL with a fresh query client and no retries. `strict` adds
 * StrictMode as in main.tsx, whose doubled effects also repeat (and abort) the first requests, so
 * tests that count requests leave it off.
 */
export function renderRoute(url: string, { strict = false }: { strict?: boolean } = {}) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retry: false },
  });
  const router = createTestRouter(url);
  const app: ReactNode = (
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  );
  const utils = render(strict ? <StrictMode>{app}</StrictMode> : app);
  return { ...utils, router, queryClient };
}
