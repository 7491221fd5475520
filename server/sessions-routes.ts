import { Hono } from 'hono';
import {
  findSidProblems,
  parseSessionListQuery,
  sessionListPath,
  toSessionListSearchParams,
  type SessionListQuery,
  type SessionListResponse,
  type SessionListSids,
} from '../src/api/contract.ts';
import { sendApiError } from './api-error.ts';
import { UpstreamError, type UpstreamClient, type UpstreamSessionList } from './upstream.ts';

/** Our mirror of the upstream list endpoint; only a valid request ever reaches the upstream. */
export function createSessionsRoutes(upstream: UpstreamClient): Hono {
  return new Hono().get(
    '/api/v1/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions',
    async (c) => {
      const sids: SessionListSids = c.req.param();
      const query = parseSessionListQuery(new URL(c.req.url).searchParams);
      const problems = [
        ...findSidProblems(sids).map((problem) => problem.message),
        ...(query.ok ? [] : query.problems),
      ];
      if (!query.ok || problems.length > 0) {
        return sendApiError(c, 400, 'bad_request', problems.join(' '));
      }

      try {
        const list = await upstream.listSessions(sids, query.value);
        return c.json(toResponse(sids, query.value, list));
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        return sendApiError(c, error.status, error.code, error.message, error.retryAfterSeconds);
      }
    },
  );
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
