/** The browser's one convention for an endpoint's query: keyed by its name, sids and query. */
import { queryOptions } from '@tanstack/react-query';
import type { Endpoint } from '#src/api/contract/endpoint.ts';
import { fetchJson } from '#src/api/http.ts';

export function endpointQuery<Sids, Query, Answer>(
  endpoint: Endpoint<Sids, Query, Answer>,
  sids: Sids,
  query: Query,
) {
  const { name, answer } = endpoint;
  // The name stands for the endpoint: its path and its answer schema.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: [name, sids, query ?? null],
    queryFn: ({ signal }) => fetchJson(endpoint.apiPath(sids, query), answer, signal),
    staleTime: endpoint.reuseMs,
  });
}
