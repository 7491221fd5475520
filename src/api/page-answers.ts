// See docs/decisions/learner-and-install-names.md.
import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Endpoint } from '#src/api/contract/endpoint.ts';
import type { PageAnswer } from '#src/api/contract/page-data.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';

/** The answers a server-rendered page came with, as sent: none unless seeded (app/page-data.ts). */
export const pageAnswersOptions = queryOptions({
  queryKey: ['page-answers'],
  queryFn: (): PageAnswer[] => [],
  staleTime: Infinity,
  gcTime: Infinity,
});

function pageAnswer<Sids, Query, Answer>(
  client: QueryClient,
  endpoint: Endpoint<Sids, Query, Answer>,
  sids: Sids,
  query: Query,
): { data: Answer; updatedAt: number } | undefined {
  const apiPath = endpoint.apiPath(sids, query);
  const sent = client
    .getQueryData(pageAnswersOptions.queryKey)
    ?.find((answer) => answer.apiPath === apiPath);
  if (sent === undefined) return undefined;
  const parsed = endpoint.answer.safeParse(sent.response);
  return parsed.success ? { data: parsed.data, updatedAt: Date.now() - sent.ageMs } : undefined;
}

/**
 * The endpoint's query (endpointQuery), starting from the answer the page came with when the server
 * had one: the page shows it at once and asks again only once it is as old as the server's would be.
 * Every observer of such a query uses this: the first one to build it decides its initial data.
 */
export function pageAnsweredQuery<Sids, Query, Answer>(
  client: QueryClient,
  endpoint: Endpoint<Sids, Query, Answer>,
  sids: Sids,
  query: Query,
) {
  return queryOptions({
    ...endpointQuery(endpoint, sids, query),
    initialData: () => pageAnswer(client, endpoint, sids, query)?.data,
    initialDataUpdatedAt: () => pageAnswer(client, endpoint, sids, query)?.updatedAt,
  });
}

export function useEndpointQuery<Sids, Query, Answer>(
  endpoint: Endpoint<Sids, Query, Answer>,
  sids: Sids,
  query: Query,
) {
  return useQuery(pageAnsweredQuery(useQueryClient(), endpoint, sids, query));
}
