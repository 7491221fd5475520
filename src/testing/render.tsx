import { render } from '@testing-library/react';
import { RouterProvider } from 'react-router';
import { AppProviders, createQueryClient } from '#src/app/providers.tsx';
import { createTestRouter } from '#src/app/router.tsx';

/** Renders the real route table at a URL with a fresh query client and no retries. */
export function renderRoute(url: string) {
  const queryClient = createQueryClient();
  queryClient.setDefaultOptions({
    queries: { ...queryClient.getDefaultOptions().queries, retry: false },
  });
  const router = createTestRouter(url);
  const utils = render(
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...utils, router, queryClient };
}
