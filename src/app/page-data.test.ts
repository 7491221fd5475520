// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query';
import { expect, test } from 'vitest';
import { pageDataScript, type PageData } from '#src/api/contract/page-data.ts';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import { serverInfoOptions } from '#src/api/server-info-query.ts';
import { readPageData, seedPageData } from '#src/app/page-data.ts';
import { planListPage } from '#src/features/sessions/index.ts';
import { SESSIONS_PATH, SIDS, makeSessions } from '#src/testing/session-fixtures.ts';

const RESPONSE = {
  total: 2,
  count: 2,
  offset: 0,
  limit: 25,
  first: null,
  next: null,
  prev: null,
  last: null,
  results: makeSessions(['Incident', 'Closed']),
};

function data(apiPath: string): PageData {
  return {
    serverInfo: { mode: 'upstream', access: { mode: 'shared' } },
    sessionList: { apiPath, response: RESPONSE },
  };
}

test('a sessions URL plans the page its view asks for; other URLs and bad sids plan nothing', () => {
  expect(planListPage(new URL(`http://x${SESSIONS_PATH}?sort=createdDate.asc&page=2`))).toEqual({
    sids: SIDS,
    query: { ...DEFAULT_LIST_QUERY, sortOrder: 'ASC', offset: 25 },
  });
  expect(planListPage(new URL('http://x/'))).toBeNull();
  expect(planListPage(new URL(`http://x${SESSIONS_PATH.replace(SIDS.examSid, 'EX1')}`))).toBeNull();
});

test('the rendered list seeds the cache under the key the page will ask for', () => {
  const queryClient = new QueryClient();
  const url = new URL(`http://x${SESSIONS_PATH}`);

  seedPageData(queryClient, url, data(sessionListEndpoint.apiPath(SIDS, DEFAULT_LIST_QUERY)));

  expect(
    queryClient.getQueryData(endpointQuery(sessionListEndpoint, SIDS, DEFAULT_LIST_QUERY).queryKey),
  ).toEqual(RESPONSE);
  expect(queryClient.getQueryData(serverInfoOptions.queryKey)).toEqual({
    mode: 'upstream',
    access: { mode: 'shared' },
  });
});

test('a list rendered for another view than the URL’s is not used', () => {
  const queryClient = new QueryClient();
  const url = new URL(`http://x${SESSIONS_PATH}?status=incident`);

  seedPageData(queryClient, url, data(sessionListEndpoint.apiPath(SIDS, DEFAULT_LIST_QUERY)));

  expect(queryClient.getQueryCache().getAll()).toHaveLength(1);
  expect(queryClient.getQueryData(serverInfoOptions.queryKey)).toEqual({
    mode: 'upstream',
    access: { mode: 'shared' },
  });
});

test('the data block is read back exactly; a missing or malformed block reads as none', () => {
  const written = data(sessionListEndpoint.apiPath(SIDS, DEFAULT_LIST_QUERY));
  document.body.innerHTML = pageDataScript(written);
  expect(readPageData(document)).toEqual(written);

  document.body.innerHTML =
    '<script type="application/json" id="page-data">{"serverInfo":1}</script>';
  expect(readPageData(document)).toBeNull();
  document.body.innerHTML = '<script type="application/json" id="page-data">{not json</script>';
  expect(readPageData(document)).toBeNull();
  document.body.innerHTML = '';
  expect(readPageData(document)).toBeNull();
});
