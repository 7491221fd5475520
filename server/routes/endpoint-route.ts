// Serves every declared endpoint: see docs/decisions/endpoints-as-data.md.
import type { Context, Handler } from 'hono';
import {
  lowerPriority,
  parseRequest,
  QUOTA_PRIORITY_HEADER,
  type AskEach,
  type Endpoint,
  type Source,
} from '#src/api/contract/endpoint.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import { apiErrorResponse } from '#server/http/api-error.ts';
import {
  UpstreamError,
  type UpstreamCall,
  type UpstreamClient,
  type UpstreamObservation,
} from '#server/upstream/client.ts';

export function endpointRoute<Sids, Query, Upstream, Answer>(
  source: Source<Sids, Query, Upstream, Answer>,
  upstream: UpstreamClient,
): Handler<ApiEnv> {
  const { endpoint } = source;
  return async (c) => {
    const request = parseRequest(
      endpoint,
      source.parseQuery,
      c.req.param(),
      new URL(c.req.url).searchParams,
    );
    if (!request.ok) return apiErrorResponse(c, 400, 'bad_request', request.problems.join(' '));
    const { sids, query } = request.value;
    const { call, oldestAgeMs } = upstreamCall(c, endpoint);
    try {
      const answer =
        source.kind === 'upstream'
          ? source.toAnswer(await upstream.fetch(source, sids, query, call), sids, query)
          : await source.compose(askEach(upstream, call), sids, query);
      // The browser may reuse it for what is left of the server's reuse: see http-caching.md.
      const leftMs = upstream.reuseFor(endpoint.reuseMs) - oldestAgeMs();
      return c.json(answer, 200, {
        'Cache-Control':
          leftMs >= 1000 ? `private, max-age=${Math.ceil(leftMs / 1000)}` : 'no-store',
      });
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return apiErrorResponse(c, error.status, error.code, error.message, error.retryAfterSeconds);
    }
  };
}

/** The access log has room for one observation: the slowest call's. */
function upstreamCall<Sids, Query, Answer>(
  c: Context<ApiEnv>,
  endpoint: Endpoint<Sids, Query, Answer>,
): { call: UpstreamCall; oldestAgeMs: () => number } {
  let slowest: UpstreamObservation | undefined;
  let oldestAgeMs = 0;
  // A HEAD reads no rows: it must not spend what rows need.
  const asked = c.req.method === 'HEAD' ? 'prefetch' : c.req.header(QUOTA_PRIORITY_HEADER);
  const call: UpstreamCall = {
    token: c.var.token,
    priority: lowerPriority(endpoint.priority, asked),
    declaredPriority: endpoint.priority,
    // A composed endpoint's calls are reused as long as its own answer.
    reuseMs: endpoint.reuseMs,
    signal: c.req.raw.signal,
    observe: (observation) => {
      oldestAgeMs = Math.max(oldestAgeMs, observation.ageMs ?? 0);
      if (slowest === undefined || observation.durationMs >= slowest.durationMs) {
        slowest = observation;
        c.set('upstream', observation);
      }
    },
  };
  return { call, oldestAgeMs: () => oldestAgeMs };
}

function askEach(upstream: UpstreamClient, call: UpstreamCall): AskEach {
  return async (source, sids, queries) => {
    // One take for the fan-out, all or none: see docs/decisions/upstream-quota-budget.md.
    const allowance = await upstream.reserve(source, sids, queries, call);
    const settled = await Promise.allSettled(
      queries.map((query) => upstream.fetch(source, sids, query, { ...call, allowance })),
    ).finally(() => {
      allowance.release();
    });
    const errors: UpstreamError[] = [];
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') continue;
      if (!(outcome.reason instanceof UpstreamError)) throw outcome.reason;
      errors.push(outcome.reason);
    }
    // Every call failed alike: see docs/decisions/status-counts-fan-out.md.
    const [first] = errors;
    if (
      first !== undefined &&
      errors.length === settled.length &&
      errors.every((error) => error.code === first.code && error.status === first.status)
    ) {
      // The longest wait, whose message names it.
      throw errors.reduce((longest, error) =>
        (error.retryAfterSeconds ?? 0) > (longest.retryAfterSeconds ?? 0) ? error : longest,
      );
    }
    return settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : null));
  };
}
