import { matchPath } from 'react-router';
import { PAGE_ROUTES } from '#src/api/contract/routes.ts';
import {
  sessionListEndpoint,
  type SessionListQuery,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import { parseListSearch, toListQuery } from '#src/lib/list-search.ts';

/** Read exactly as the sessions page reads it, so the server fetches the page it will ask for. */
export function planListPage(url: URL): { sids: SessionListSids; query: SessionListQuery } | null {
  const match = matchPath(PAGE_ROUTES.sessions, url.pathname);
  if (match === null) return null;
  const sids = sessionListEndpoint.parseSids(match.params);
  if (!sids.ok) return null;
  return { sids: sids.value, query: toListQuery(parseListSearch(url.searchParams).search) };
}
