import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { isTransient } from '#src/api/http.ts';
import { CopyFeedbackProvider } from '#src/components/copy-feedback.tsx';
import { backoffDelay } from '#src/lib/backoff.ts';

/** With the backoff, about 7 s of trying: see docs/decisions/client-retries-and-offline.md. */
export const MAX_RETRIES = 3;

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
        retry: (failureCount, error) => failureCount < MAX_RETRIES && isTransient(error),
        // Wrapped: react-query also passes the error, which backoffDelay would take for `random`.
        retryDelay: (failureCount) => retryDelay(failureCount),
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
