import { queryOptions, useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { SERVER_INFO_PATH, serverInfoSchema } from '#src/api/contract/server-info.ts';
import { DEFAULT_WAIT_POLICY, overdueAfterMs } from '#src/api/contract/wait-policy.ts';
import { fetchJson } from '#src/api/http.ts';

/** It cannot change while the page is open. */
export const serverInfoOptions = queryOptions({
  queryKey: ['server-info'],
  queryFn: ({ signal }) => fetchJson(SERVER_INFO_PATH, serverInfoSchema, signal),
  staleTime: Infinity,
});

export function useIsDemo(): boolean {
  return useQuery(serverInfoOptions).data?.mode === 'demo';
}

/** The shown install's threshold for "overdue", as this server is configured. */
export function useOverdueAfterMs(): number {
  const { installSid = '' } = useParams();
  const policy = useQuery(serverInfoOptions).data?.waitPolicy ?? DEFAULT_WAIT_POLICY;
  return overdueAfterMs(policy, installSid);
}
