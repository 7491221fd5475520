// Serves every declared endpoint: see docs/decisions/endpoints-as-data.md.
import type { Context, Handler } from 'hono';
import { parseRequest, type AskEach, type Source } from '#src/api/contract/endpoint.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import { apiErrorResponse } from '#server/http/api-error.ts';
import {
  rateLimited,
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
    const call = upstreamCall(c);
    try {
      const answer =
        source.kind === 'upstream'
          ? source.toAnswer(await upstream.fetch(source, sids, query, call), sids, query)
          : await source.compose(askEach(upstream, call), sids, query);
      return c.json(answer);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return apiErrorResponse(c, error.status, error.code, error.message, error.retryAfterSeconds);
    }
  };
}

/** The access log has room for one observation: the slowest call's. */
function upstreamCall(c: Context<ApiEnv>): UpstreamCall {
  let slowest: UpstreamObservation | undefined;
  return {
    token: c.var.token,
    signal: c.req.raw.signal,
    observe: (observation) => {
      if (slowest === undefined || observation.durationMs >= slowest.durationMs) {
        slowest = observation;
        c.set('upstream', observation);
      }
    },
  };
}

function askEach<Sids>(upstream: UpstreamClient, call: UpstreamCall): AskEach<Sids> {
  return async (source, sids, queries) => {
    const settled = await Promise.allSettled(
      queries.map((query) => upstream.fetch(source, sids, query, call)),
    );
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
      const waits = errors.flatMap((error) => error.retryAfterSeconds ?? []);
      throw waits.length === 0 ? first : rateLimited(Math.max(...waits));
    }
    return settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : null));
  };
}
