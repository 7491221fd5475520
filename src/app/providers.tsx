import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { isTransient } from '#src/api/http.ts';
import { CopyFeedbackProvider } from '#src/components/copy-feedback.tsx';
import { backoffDelay } from '#src/lib/backoff.ts';

/** Automatic retries after the first failure: with the backoff, about 7 s of trying in all. */
export const MAX_RETRIES = 3;

export interface QueryClientOptions {
  /** Milliseconds before retry `failureCount + 1`; tests pass a short one to stay fast. */
  retryDelay?: (failureCount: number) => number;
}

export function createQueryClient({
  retryDelay = backoffDelay,
}: QueryClientOptions = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Only failures that may pass by themselves earn a retry (see isTransient): refusals,
        // rate limits, timeouts and bad answers would fail the same way again.
        retry: (failureCount, error) => failureCount < MAX_RETRIES && isTransient(error),
        // Wrapped: react-query also passes the error, which backoffDelay would take for `random`.
        retryDelay: (failureCount) => retryDelay(failureCount),
        refetchOnWindowFocus: false,
        // Fail rather than pause when offline, so staff see "You are offline" instead of stale rows.
        networkMode: 'always',
        // 'always' turns this off by default; it is what ends "You are offline" (never retried)
        // when the connection comes back, and refreshes rows that went stale meanwhile.
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
