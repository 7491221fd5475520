import { Hono } from 'hono';
import {
  parseSessionListRequest,
  SESSION_LIST_ROUTE,
  sessionListPath,
  toSessionListSearchParams,
  type SessionListQuery,
  type SessionListResponse,
  type SessionListSids,
} from '#src/api/contract.ts';
import type { Log } from '#server/log.ts';
import { sendApiError } from './api-error.ts';
import { UpstreamError, type UpstreamClient, type UpstreamSessionList } from './upstream.ts';

/** Our mirror of the upstream list endpoint; only a valid request ever reaches the upstream. */
export function createSessionsRoutes(upstream: UpstreamClient, log: Log): Hono {
  return new Hono().get(`/api${SESSION_LIST_ROUTE}`, async (c) => {
    const request = parseSessionListRequest(c.req.param(), new URL(c.req.url).searchParams);
    if (!request.ok) return sendApiError(c, 400, 'bad_request', request.problems.join(' '));
    const { sids, query } = request.value;

    let list: UpstreamSessionList;
    try {
      list = await upstream.listSessions(sids, query);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return sendApiError(c, error.status, error.code, error.message, error.retryAfterSeconds);
    }

    const expected = Math.min(query.limit, Math.max(0, list.total - query.offset));
    if (list.results.length < expected) {
      // The API documents no maximum page size; a silent cap would make our pages skip rows.
      log(
        `upstream GET ${sessionListPath(sids)}: ${list.results.length} rows for limit ${query.limit} at offset ${query.offset} of ${list.total}; the API may cap its page size`,
      );
    }
    return c.json(toResponse(sids, query, list));
  });
}

/**
 * Page links are recomputed as our own relative paths: the upstream's point at its host, and
 * API.md §7 shows they are built with unencoded values, so they are never passed through.
 */
function toResponse(
  sids: SessionListSids,
  query: SessionListQuery,
  list: UpstreamSessionList,
): SessionListResponse {
  const { offset, limit } = query;
  const { total } = list;
  const base = `/api${sessionListPath(sids)}`;
  const link = (at: number) => `${base}?${toSessionListSearchParams({ ...query, offset: at })}`;
  const lastStart = total > 0 ? Math.floor((total - 1) / limit) * limit : 0;
  return {
    total,
    count: list.results.length,
    offset,
    limit,
    first: link(0),
    next: offset + limit < total ? link(offset + limit) : null,
    // From beyond the end (a stale link), "previous" is the last page that has rows.
    prev: offset > 0 ? link(Math.max(0, Math.min(offset - limit, lastStart))) : null,
    last: total > 0 ? link(lastStart) : null,
    results: list.results,
  };
}
