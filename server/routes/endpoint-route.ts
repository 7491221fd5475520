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
import { tokenKey } from '#server/upstream/token-key.ts';
import { ReusedAnswers } from '#server/routes/reused-answers.ts';

export function endpointRoute<Sids, Query, Upstream, Answer>(
  source: Source<Sids, Query, Upstream, Answer>,
  upstream: UpstreamClient,
): Handler<ApiEnv> {
  const { endpoint } = source;
  const answerOf = answerer(source, upstream);
  return async (c) => {
    const request = parseRequest(
      endpoint,
      source.parseQuery,
      c.req.param(),
      new URL(c.req.url).searchParams,
    );
    if (!request.ok) return apiErrorResponse(400, 'bad_request', request.problems.join(' '));
    const { sids, query } = request.value;
    const call = upstreamCall(c);
    try {
      const answer = await answerOf(sids, query, call);
      // The browser may reuse it as long as the server would: see docs/decisions/http-caching.md.
      return c.json(answer, 200, {
        'Cache-Control': `private, max-age=${Math.floor(endpoint.reuseMs / 1000)}`,
      });
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return apiErrorResponse(error.status, error.code, error.message, error.retryAfterSeconds);
    }
  };
}

function answerer<Sids, Query, Upstream, Answer>(
  source: Source<Sids, Query, Upstream, Answer>,
  upstream: UpstreamClient,
): (sids: Sids, query: Query, call: UpstreamCall) => Promise<Answer> {
  if (source.kind === 'upstream') {
    return async (sids, query, call) =>
      source.toAnswer(await upstream.fetch(source, sids, query, call), sids, query);
  }
  // The upstream client reuses single calls; a composed answer is reused whole.
  const reused = new ReusedAnswers<Answer>(source.endpoint.reuseMs);
  return (sids, query, call) =>
    reused.get(
      `${tokenKey(call.token)} ${source.endpoint.apiPath(sids, query)}`,
      async (signal) => {
        const ask = askEach(upstream, { ...call, signal });
        const answer = await source.compose(ask, sids, query);
        return { answer, whole: !ask.partFailed() };
      },
      call.signal,
    );
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

function askEach(
  upstream: UpstreamClient,
  call: UpstreamCall,
): AskEach & { partFailed: () => boolean } {
  let partFailed = false;
  const ask: AskEach = async (source, sids, queries) => {
    const settled = await Promise.allSettled(
      queries.map((query) => upstream.fetch(source, sids, query, call)),
    );
    const errors: UpstreamError[] = [];
    for (const outcome of settled) {
      if (outcome.status === 'fulfilled') continue;
      if (!(outcome.reason instanceof UpstreamError)) throw outcome.reason;
      errors.push(outcome.reason);
      partFailed = true;
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
  return Object.assign(ask, { partFailed: () => partFailed });
}
