// See docs/decisions/learner-and-install-names.md.
import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Endpoint } from '#src/api/contract/endpoint.ts';
import type { PageAnswer } from '#src/api/contract/page-data.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';

/** An answer the page came with, and when the server's copy was fetched, by this browser's clock. */
export interface SentAnswer {
  apiPath: string;
  answeredAt: number;
  response: unknown;
}

/** The page's answers as they arrive, each timed by this browser's clock. */
export function receivedAnswers(answers: readonly PageAnswer[], now: number): SentAnswer[] {
  return answers.map(({ apiPath, ageMs, response }) => ({
    apiPath,
    answeredAt: now - ageMs,
    response,
  }));
}

/**
 * The answers a server-rendered page came with (seeded by app/page-data.ts). Dropped as any unused
 * cache entry is, five minutes on: a query made later asks for its own.
 */
export const pageAnswersOptions = queryOptions({
  queryKey: ['page-answers'],
  queryFn: (): SentAnswer[] => [],
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
  return parsed.success ? { data: parsed.data, updatedAt: sent.answeredAt } : undefined;
}

/**
 * The endpoint's query (endpointQuery), starting from the answer the page came with when the server
 * had one: the page shows it at once and asks again only once it is as old as the server's would be.
 * Every observer of such a query uses this, so that whichever builds it starts from that answer.
 */
export function pageAnsweredQuery<Sids, Query, Answer>(
  client: QueryClient,
  endpoint: Endpoint<Sids, Query, Answer>,
  sids: Sids,
  query: Query,
) {
  // Looked up once, when the query is built: its data and its age come from the same answer.
  let sent: { data: Answer; updatedAt: number } | undefined | null = null;
  const lookUp = () => (sent === null ? (sent = pageAnswer(client, endpoint, sids, query)) : sent);
  return queryOptions({
    ...endpointQuery(endpoint, sids, query),
    initialData: () => lookUp()?.data,
    initialDataUpdatedAt: () => lookUp()?.updatedAt,
  });
}

export function useEndpointQuery<Sids, Query, Answer>(
  endpoint: Endpoint<Sids, Query, Answer>,
  sids: Sids,
  query: Query,
) {
  return useQuery(pageAnsweredQuery(useQueryClient(), endpoint, sids, query));
}
