import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { isHeldBackPrefetch, shouldRetry } from '#src/api/http.ts';
import { CopyFeedbackProvider } from '#src/components/copy-feedback.tsx';
import { backoffDelay } from '#src/lib/backoff.ts';

export interface QueryClientOptions {
  retryDelay?: (failureCount: number) => number;
}

export function createQueryClient({
  retryDelay = backoffDelay,
}: QueryClientOptions = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A page fetched ahead and held back, now watched, is asked again at once at the watcher's
        // priority (rows are never held back, only refused when the budget is spent).
        retry: (failureCount, error) =>
          (failureCount === 0 && isHeldBackPrefetch(error)) || shouldRetry(failureCount, error),
        // Wrapped: react-query also passes the error, which backoffDelay would take for `random`.
        retryDelay: (failureCount, error) =>
          isHeldBackPrefetch(error) ? 0 : retryDelay(failureCount),
        refetchOnWindowFocus: false,
        // Fail rather than pause when offline, so staff see "You are offline" instead of stale rows.
        networkMode: 'always',
        // Off by default under 'always'; it ends "You are offline" when the connection returns.
        refetchOnReconnect: true,
      },
    },
  });
}

export function AppProviders({
  children,
  queryClient,
}: {
  children: ReactNode;
  queryClient?: QueryClient;
}) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <CopyFeedbackProvider>{children}</CopyFeedbackProvider>
    </QueryClientProvider>
  );
}
