/** The browser's one convention for an endpoint's query: keyed by its name, sids and query. */
import { queryOptions } from '@tanstack/react-query';
import { lowerPriority, type Endpoint, type QuotaPriority } from '#src/api/contract/endpoint.ts';
import { fetchJson } from '#src/api/http.ts';

export function endpointQuery<Sids, Query, Answer>(
  endpoint: Endpoint<Sids, Query, Answer>,
  sids: Sids,
  query: Query,
  /** Set only to ask below the endpoint's declared priority (a prefetch). */
  priority?: QuotaPriority,
) {
  const { name, answer } = endpoint;
  // The name stands for the endpoint: its path and its answer schema.
  // eslint-disable-next-line @tanstack/query/exhaustive-deps
  return queryOptions({
    queryKey: [name, sids, query ?? null],
    queryFn: ({ signal, client, queryKey }) =>
      fetchJson(
        endpoint.apiPath(sids, query),
        answer,
        signal,
        // Refreshing what is already on screen matters less than what nobody has seen yet.
        client.getQueryData(queryKey) === undefined ? priority : lowerPriority('context', priority),
      ),
    staleTime: endpoint.reuseMs,
  });
}
