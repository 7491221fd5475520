import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { isTransient } from '#src/api/http.ts';
import { CopyFeedbackProvider } from '#src/components/copy-feedback.tsx';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // Client errors and refusals will not change on their own; only blips earn a retry.
        retry: (failureCount, error) => failureCount < 1 && isTransient(error),
        refetchOnWindowFocus: false,
        // Fail rather than pause when offline, so staff see "You are offline" instead of stale rows.
        networkMode: 'always',
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
