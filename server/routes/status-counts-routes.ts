import { Hono } from 'hono';
import { API_PREFIX } from '#src/api/contract/routes.ts';
import { FILTERABLE_STATUSES } from '#src/api/contract/session-status.ts';
import {
  parseStatusCountsRequest,
  STATUS_COUNTS_ROUTE,
  statusCountListQuery,
  statusCountsFrom,
  type StatusCountsResponse,
} from '#src/api/contract/status-counts.ts';
import { apiErrorResponse } from '#server/http/api-error.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import {
  UpstreamError,
  type UpstreamClient,
  type UpstreamObservation,
} from '#server/upstream/client.ts';

/**
 * The status filter's counts in one round trip: the list's `total` for each filterable status,
 * asked with limit=1 under the same includeActive, through the same upstream client as the list.
 *
 * Quota: one counts request costs up to seven upstream calls of one row each. No second cache is
 * kept here. The client already shares identical calls in flight, reuses each answer for
 * SP_CACHE_TTL_MS and stops asking while the token is held after a 429. The browser asks once per
 * learner and includeActive, keeps the answer for minutes, and never asks again on a page, sort
 * or status change. A longer cache here would show counts that disagree with freshly fetched rows.
 */
export function createStatusCountsRoutes(upstream: UpstreamClient): Hono<ApiEnv> {
  return new Hono<ApiEnv>().get(`${API_PREFIX}${STATUS_COUNTS_ROUTE}`, async (c) => {
    const request = parseStatusCountsRequest(c.req.param(), new URL(c.req.url).searchParams);
    if (!request.ok) return apiErrorResponse(400, 'bad_request', request.problems.join(' '));
    const { sids, query } = request.value;

    // The access log has room for one observation: the slowest call is how long this one waited.
    let slowest: UpstreamObservation | undefined;
    const observe = (observation: UpstreamObservation) => {
      if (slowest === undefined || observation.durationMs >= slowest.durationMs) {
        slowest = observation;
        c.set('upstream', observation);
      }
    };
    const totals = await Promise.allSettled(
      FILTERABLE_STATUSES.map(async (status) => {
        const list = await upstream.listSessions(sids, statusCountListQuery(status, query), {
          token: c.var.token,
          signal: c.req.raw.signal,
          observe,
        });
        return list.total;
      }),
    );

    const errors: UpstreamError[] = [];
    for (const total of totals) {
      if (total.status === 'fulfilled') continue;
      if (!(total.reason instanceof UpstreamError)) throw total.reason;
      errors.push(total.reason);
    }
    // Every count failed the same way (a refused token, a rate limit): that failure is the answer,
    // worded and coded as the list route words it, so the page can act on it.
    const [first] = errors;
    if (
      first !== undefined &&
      errors.length === totals.length &&
      errors.every((error) => error.code === first.code && error.status === first.status)
    ) {
      // Rate limited: wait for the longest hold any of the calls was told of.
      const waits = errors.flatMap((error) => error.retryAfterSeconds ?? []);
      const retryAfter = waits.length > 0 ? Math.max(...waits) : undefined;
      return apiErrorResponse(first.status, first.code, first.message, retryAfter);
    }

    const counts = statusCountsFrom((_, index) => {
      const total = totals[index];
      return total?.status === 'fulfilled' ? total.value : null;
    });
    return c.json({ counts } satisfies StatusCountsResponse);
  });
}
