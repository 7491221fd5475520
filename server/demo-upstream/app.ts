/**
 * The embedded demo upstream: imitates SmarterProctoring's "List enrollment exam sessions" closely
 * enough (documented query rules and error bodies, the sibling APIs' defaults and page links) that
 * the server talks to it exactly as to the real API.
 */
import { Hono, type Context } from 'hono';
import {
  DOCUMENTED_LIST_QUERY_RULES,
  parseSessionListRequest,
  SESSION_LIST_ROUTE,
} from '#src/api/contract/session-list.ts';
import { listen } from '#server/listen.ts';
import {
  createDemoData,
  findDemoFault,
  tripleKey,
  type DemoFaultName,
} from '#server/demo-upstream/data.ts';
import { selectSessionPage } from '#server/demo-upstream/session-list.ts';

export interface DemoUpstreamOptions {
  /** The only token the demo accepts in the `token` header. */
  token: string;
  /** Anchor for the generated dates; defaults to the start time. */
  now?: Date;
  /** How long the "slow" fault waits before answering; set it above the client's timeout. */
  slowDelayMs?: number;
}

type UpstreamErrorStatus = 400 | 403 | 404 | 429;

/** The error body the API documents: `{code, message, status}`. */
function upstreamError(c: Context, status: UpstreamErrorStatus, code: string, message: string) {
  return c.json({ code, message, status }, status);
}

export function createDemoUpstreamApp({
  token,
  now = new Date(),
  slowDelayMs = 15_000,
}: DemoUpstreamOptions): Hono {
  const sessionsByTriple = createDemoData(now);

  return new Hono().get(SESSION_LIST_ROUTE, async (c) => {
    if (c.req.header('token') !== token) {
      return upstreamError(c, 403, 'AUTHENTICATIONFAILED', 'The token is invalid or expired.');
    }
    const params = new URL(c.req.url).searchParams;
    // The documented rules, not our stricter ones: the demo answers what the real API would.
    const request = parseSessionListRequest(c.req.param(), params, DOCUMENTED_LIST_QUERY_RULES);
    if (!request.ok) {
      return upstreamError(c, 400, 'INVALIDINPUT', request.problems.join(' '));
    }
    const { sids, query } = request.value;

    const fault = findDemoFault(sids);
    if (fault !== undefined) return answerFault(c, fault, slowDelayMs);

    const sessions = sessionsByTriple.get(tripleKey(sids));
    if (sessions === undefined) {
      return upstreamError(c, 404, 'RESOURCENOTFOUND', 'No enrollment exam with these sids.');
    }
    // The documented defaults: ascending order and, without a limit, every row.
    const limit = params.has('limit') ? query.limit : undefined;
    const { total, results } = selectSessionPage(sessions, {
      ...query,
      sortOrder: params.has('sortOrder') ? query.sortOrder : 'ASC',
      limit,
    });
    return c.json({
      total,
      ...pageLinks(c.req.url, params, total, query.offset, limit),
      count: results.length,
      offset: query.offset,
      results,
    });
  });
}

async function answerFault(c: Context, fault: DemoFaultName, slowDelayMs: number) {
  switch (fault) {
    case 'tokenRefused':
      return upstreamError(c, 403, 'AUTHENTICATIONFAILED', 'The token is invalid or expired.');
    case 'rateLimited':
      c.header('Retry-After', '30');
      return upstreamError(c, 429, 'TOOMANYREQUESTS', 'Rate limit exceeded.');
    case 'upstreamError':
      return c.html('<html><body><h1>500 Internal Server Error</h1></body></html>', 500);
    case 'malformed':
      return c.json({ total: 3, count: 3, offset: 0, results: 'not a list' });
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, slowDelayMs));
      return c.json({ total: 0, count: 0, offset: 0, results: [] });
    case 'notFound':
      return upstreamError(c, 404, 'RESOURCENOTFOUND', 'No enrollment exam with these sids.');
  }
}

/**
 * Links the way the sibling SmarterServices API builds them: absolute on this host, every
 * parameter but offset written unencoded as `k=v&`, then `offset=N`.
 */
function pageLinks(
  requestUrl: string,
  params: URLSearchParams,
  total: number,
  offset: number,
  limit: number | undefined,
) {
  const url = new URL(requestUrl);
  const kept = [...params].filter(([key]) => key !== 'offset');
  const base = `${url.origin}${url.pathname}?${kept.map(([key, value]) => `${key}=${value}&`).join('')}`;
  const at = (position: number) => `${base}offset=${position}`;
  return {
    first: base.replace(/[?&]$/, ''),
    next: limit !== undefined && offset + limit < total ? at(offset + limit) : null,
    prev: limit !== undefined && offset <= total && offset - limit >= 0 ? at(offset - limit) : null,
    // Start of the last page: total - limit when it divides evenly, else total - total % limit.
    last:
      limit !== undefined && total > limit && offset < total
        ? at(total - (total % limit || limit))
        : null,
  };
}

export interface DemoUpstreamServer {
  /** Origin the server is reachable at, e.g. http://127.0.0.1:53124. */
  url: string;
  close(): Promise<void>;
}

/** Starts the demo upstream on loopback; port 0 picks a free port. */
export async function startDemoUpstream(
  options: DemoUpstreamOptions & { port?: number },
): Promise<DemoUpstreamServer> {
  const server = await listen(createDemoUpstreamApp(options), options.port ?? 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${server.port}`, close: () => server.close() };
}
