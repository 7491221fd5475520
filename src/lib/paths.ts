import { buildPath, PAGE_ROUTES } from '#src/api/contract/routes.ts';
import type { SessionListSids } from '#src/api/contract/session-list.ts';

/** The sessions page of a learner and exam, with the view's query string (without "?"). */
export function sessionsPath(sids: SessionListSids, search = ''): string {
  return buildPath(PAGE_ROUTES.sessions, sids, search);
}
