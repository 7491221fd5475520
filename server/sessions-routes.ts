import { Hono } from 'hono';
import { API_PREFIX } from '#src/api/contract/routes.ts';
import {
  parseSessionListRequest,
  SESSION_LIST_ROUTE,
  toSessionListResponse,
  type UpstreamSessionList,
} from '#src/api/contract/session-list.ts';
import { apiErrorResponse } from '#server/api-error.ts';
import type { Log } from '#server/log.ts';
import { UpstreamError, type UpstreamClient } from '#server/upstream.ts';

/** Our mirror of the upstream list endpoint; only a valid request ever reaches the upstream. */
export function createSessionsRoutes(upstream: UpstreamClient, log: Log): Hono {
  return new Hono().get(`${API_PREFIX}${SESSION_LIST_ROUTE}`, async (c) => {
    const request = parseSessionListRequest(c.req.param(), new URL(c.req.url).searchParams);
    if (!request.ok) return apiErrorResponse(400, 'bad_request', request.problems.join(' '));
    const { sids, query } = request.value;

    let list: UpstreamSessionList;
    try {
      list = await upstream.listSessions(sids, query);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return apiErrorResponse(error.status, error.code, error.message, error.retryAfterSeconds);
    }

    const expected = Math.min(query.limit, Math.max(0, list.total - query.offset));
    if (list.results.length < expected) {
      // The API documents no maximum page size; a silent cap would make our pages skip rows.
      log(
        `upstream GET ${c.req.path.slice(API_PREFIX.length)}: ${list.results.length} rows for limit ${query.limit} at offset ${query.offset} of ${list.total}; the API may cap its page size`,
      );
    }
    return c.json(toSessionListResponse(sids, query, list));
  });
}
