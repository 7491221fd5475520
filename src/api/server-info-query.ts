import { queryOptions, useQuery } from '@tanstack/react-query';
import { SERVER_INFO_PATH, serverInfoSchema } from '#src/api/contract/server-info.ts';
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
