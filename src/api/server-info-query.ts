import { queryOptions, useQuery } from '@tanstack/react-query';
import { SERVER_INFO_PATH, serverInfoSchema } from '#src/api/contract/server-info.ts';
import { fetchJson } from '#src/api/http.ts';

/** Whether the server reads demo data, and the demo links; it cannot change while the page is open. */
export const serverInfoOptions = queryOptions({
  queryKey: ['server-info'],
  queryFn: ({ signal }) => fetchJson(SERVER_INFO_PATH, serverInfoSchema, signal),
  staleTime: Infinity,
});

/** True only once the server has said it reads demo data. */
export function useIsDemo(): boolean {
  return useQuery(serverInfoOptions).data?.mode === 'demo';
}
