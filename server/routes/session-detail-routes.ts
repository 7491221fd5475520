/**
 * Our mirrors of the upstream endpoints behind a session's detail page: the session itself, its
 * learner's profile, its install's settings, and its events and annotations. Like the list, each
 * validates its sids (and query) first, so only a request the contract accepts reaches the
 * upstream, and answers only what its schema lets through.
 */
import { Hono, type Context } from 'hono';
import {
  INSTALL_SETTINGS_ROUTE,
  parseInstallSettingsSids,
  parseUserProfileSids,
  USER_PROFILE_ROUTE,
} from '#src/api/contract/learner-context.ts';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { API_PREFIX } from '#src/api/contract/routes.ts';
import { parseSessionDetailSids, SESSION_DETAIL_ROUTE } from '#src/api/contract/session-detail.ts';
import {
  parseRecordPageQuery,
  SESSION_RECORD_ROUTES,
  type SessionRecordKind,
} from '#src/api/contract/session-records.ts';
import type { SidProblem } from '#src/api/contract/sids.ts';
import { apiErrorResponse } from '#server/http/api-error.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import { excerpt } from '#server/http/guards.ts';
import { UpstreamError, type UpstreamCall, type UpstreamClient } from '#server/upstream/client.ts';

const RECORD_KINDS: readonly SessionRecordKind[] = ['events', 'annotations'];

export function createSessionDetailRoutes(upstream: UpstreamClient): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>()
    .get(`${API_PREFIX}${SESSION_DETAIL_ROUTE}`, async (c) => {
      const sids = parseSessionDetailSids(c.req.param());
      const problems = [...sidProblems(sids), ...queryProblems(c)];
      if (!sids.ok || problems.length > 0) return badRequest(problems);
      return answer(c, (call) => upstream.getSessionDetail(sids.value, call));
    })
    .get(`${API_PREFIX}${USER_PROFILE_ROUTE}`, async (c) => {
      const sids = parseUserProfileSids(c.req.param());
      const problems = [...sidProblems(sids), ...queryProblems(c)];
      if (!sids.ok || problems.length > 0) return badRequest(problems);
      return answer(c, (call) => upstream.getUserProfile(sids.value, call));
    })
    .get(`${API_PREFIX}${INSTALL_SETTINGS_ROUTE}`, async (c) => {
      const sids = parseInstallSettingsSids(c.req.param());
      const problems = [...sidProblems(sids), ...queryProblems(c)];
      if (!sids.ok || problems.length > 0) return badRequest(problems);
      return answer(c, (call) => upstream.getInstallSettings(sids.value, call));
    });

  for (const kind of RECORD_KINDS) {
    routes.get(`${API_PREFIX}${SESSION_RECORD_ROUTES[kind]}`, async (c) => {
      const sids = parseSessionDetailSids(c.req.param());
      const query = parseRecordPageQuery(new URL(c.req.url).searchParams);
      if (!sids.ok || !query.ok) {
        return badRequest([...sidProblems(sids), ...(query.ok ? [] : query.problems)]);
      }
      return answer(c, (call) => upstream.listSessionRecords(kind, sids.value, query.value, call));
    });
  }
  return routes;
}

/** Each malformed or missing sid, by kind; the value is not repeated, so no excerpt is needed. */
function sidProblems(sids: ParseResult<unknown, SidProblem>): string[] {
  return sids.ok ? [] : sids.problems.map((problem) => problem.message);
}

/**
 * These upstream endpoints document no query, and forwarding one unread would make our route a
 * way to send the upstream whatever a caller likes; so any query is refused.
 */
function queryProblems(c: Context<ApiEnv>): string[] {
  const { search } = new URL(c.req.url);
  return search === ''
    ? []
    : [`This API route takes no query parameters (got "${excerpt(search.slice(1))}").`];
}

function badRequest(problems: string[]): Response {
  return apiErrorResponse(400, 'bad_request', problems.join(' '));
}

/** Asks the upstream for this request (giving up when the browser does) and answers its value. */
async function answer<Value>(
  c: Context<ApiEnv>,
  ask: (call: UpstreamCall) => Promise<Value>,
): Promise<Response> {
  let value: Value;
  try {
    value = await ask({
      token: c.var.token,
      signal: c.req.raw.signal,
      observe: (observation) => c.set('upstream', observation),
    });
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return apiErrorResponse(error.status, error.code, error.message, error.retryAfterSeconds);
  }
  return c.json(value);
}
