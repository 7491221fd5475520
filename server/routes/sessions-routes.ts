import { Hono } from 'hono';
import { API_PREFIX } from '#src/api/contract/routes.ts';
import {
  parseSessionListRequest,
  SESSION_LIST_ROUTE,
  toSessionListResponse,
  type UpstreamSessionList,
} from '#src/api/contract/session-list.ts';
import { apiErrorResponse } from '#server/http/api-error.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import { createSessionDetailRoutes } from '#server/routes/session-detail-routes.ts';
import { createStatusCountsRoutes } from '#server/routes/status-counts-routes.ts';
import { UpstreamError, type UpstreamClient } from '#server/upstream/client.ts';

/**
 * Our mirrors of the upstream session endpoints: the list here, one session's detail and its
 * context in session-detail-routes.ts, the status filter's counts in status-counts-routes.ts.
 * Only a valid request ever reaches the upstream.
 */
export function createSessionsRoutes(upstream: UpstreamClient): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>().get(`${API_PREFIX}${SESSION_LIST_ROUTE}`, async (c) => {
    const request = parseSessionListRequest(c.req.param(), new URL(c.req.url).searchParams);
    if (!request.ok) return apiErrorResponse(400, 'bad_request', request.problems.join(' '));
    const { sids, query } = request.value;

    let list: UpstreamSessionList;
    try {
      // The browser's abort (a closed tab, a superseded query) gives up the upstream call too.
      list = await upstream.listSessions(sids, query, {
        token: c.var.token,
        signal: c.req.raw.signal,
        observe: (observation) => c.set('upstream', observation),
      });
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return apiErrorResponse(error.status, error.code, error.message, error.retryAfterSeconds);
    }

    return c.json(toSessionListResponse(sids, query, list));
  });
  return routes
    .route('/', createSessionDetailRoutes(upstream))
    .route('/', createStatusCountsRoutes(upstream));
}
