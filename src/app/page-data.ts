import type { QueryClient } from '@tanstack/react-query';
import {
  PAGE_DATA_ELEMENT_ID,
  pageDataSchema,
  type PageData,
} from '#src/api/contract/page-data.ts';
import { sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import { pageAnswersOptions, receivedAnswers } from '#src/api/page-answers.ts';
import { serverInfoOptions } from '#src/api/server-info-query.ts';
import { planListPage } from '#src/features/sessions/index.ts';

/** Under the keys the page will ask for; a list of another view than the URL's is ignored. */
export function seedPageData(queryClient: QueryClient, url: URL, data: PageData): void {
  queryClient.setQueryData(serverInfoOptions.queryKey, data.serverInfo);
  const plan = planListPage(url);
  const list = data.sessionList;
  if (plan === null || list === undefined) return;
  if (list.apiPath !== sessionListEndpoint.apiPath(plan.sids, plan.query)) return;
  queryClient.setQueryData(
    endpointQuery(sessionListEndpoint, plan.sids, plan.query).queryKey,
    list.response,
  );
  // What the server's cache held beside the rows: used by the queries that ask for it.
  queryClient.setQueryData(
    pageAnswersOptions.queryKey,
    receivedAnswers(data.pageAnswers ?? [], Date.now()),
  );
}

export function readPageData(document: Document): PageData | null {
  const text = document.getElementById(PAGE_DATA_ELEMENT_ID)?.textContent;
  if (text === undefined) return null;
  try {
    const raw: unknown = JSON.parse(text);
    const parsed = pageDataSchema.safeParse(raw);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
