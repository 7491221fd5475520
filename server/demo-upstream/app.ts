// The embedded demo upstream: see docs/decisions/demo-upstream.md and demo-faults.md.
import { IncomingMessage } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono, type Context } from 'hono';
import { parseRequest, type Endpoint } from '#src/api/contract/endpoint.ts';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import type { ParseResult } from '#src/api/contract/parse-result.ts';
import { sessionDetailEndpoint } from '#src/api/contract/session-detail.ts';
import {
  DOCUMENTED_LIST_QUERY_RULES,
  parseSessionListQuery,
  sessionListEndpoint,
} from '#src/api/contract/session-list.ts';
import {
  SESSION_RECORD_ENDPOINTS,
  type SessionRecordKind,
} from '#src/api/contract/session-records.ts';
import { userProfileEndpoint } from '#src/api/contract/user-profile.ts';
import { listen } from '#server/http/listen.ts';
import {
  DEMO_SIDS,
  findDemoFault,
  tripleKey,
  withLiveEdit,
  type DemoFaultName,
  type DemoSession,
} from '#server/demo-upstream/data.ts';
import { createDemoWorld, findDemoSession } from '#server/demo-upstream/detail-data.ts';
import {
  documentedPaging,
  pagedList,
  parseDemoRecordQuery,
  selectRecordPage,
  selectSessionPage,
} from '#server/demo-upstream/session-list.ts';
import { isLiveDemoUserToken, type TokenVerdict } from '#server/demo-upstream/user-tokens.ts';

export interface DemoUpstreamOptions {
  token: string;
  /** Anchor for the generated dates; defaults to the start time. */
  now?: Date;
  /** How long the slow faults take; set it above the client's timeout. */
  slowDelayMs?: number;
  /** Also accept live demo user tokens (per-user sign-in on the demo); expired ones get 403. */
  acceptUserTokens?: boolean;
  /** Also accept the access tokens this passes (the demo identity provider's); expired ones get 401. */
  verifyAccessToken?: (token: string) => Promise<TokenVerdict>;
  onRequest?: () => void;
  /** With the bytes a streamed fault body sent, once it ends or the client gives it up. */
  onStreamClosed?: (bytesSent: number) => void;
}

type UpstreamErrorStatus = 400 | 401 | 403 | 404 | 429;

function upstreamError(c: Context, status: UpstreamErrorStatus, code: string, message: string) {
  return c.json({ code, message, status }, status);
}

/** Either way the API's documentation shows: a `token` header, or a bearer token. */
function presentedToken(c: Context): string | undefined {
  const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  return c.req.header('token') ?? bearer;
}

/** Endpoints without a documented query ignore one, as the real API does. */
const ANY_QUERY = (): ParseResult<undefined> => ({ ok: true, value: undefined });

const RECORD_KINDS: readonly SessionRecordKind[] = ['events', 'annotations'];

export function createDemoUpstreamApp({
  token,
  now = new Date(),
  slowDelayMs = 15_000,
  acceptUserTokens = false,
  verifyAccessToken,
  onRequest,
  onStreamClosed,
}: DemoUpstreamOptions): Hono {
  const world = createDemoWorld(now);
  const { sessionsByTriple } = world;
  const templates = sessionsByTriple.get(tripleKey(DEMO_SIDS.busy)) ?? [];
  const verdict = async (given: string | undefined): Promise<TokenVerdict> => {
    if (given === undefined) return 'invalid';
    if (given === token || (acceptUserTokens && isLiveDemoUserToken(given))) return 'live';
    return verifyAccessToken === undefined ? 'invalid' : verifyAccessToken(given);
  };

  let limitedSince: number | null = null;
  let openUntil = 0;

  const app = new Hono();
  if (onRequest !== undefined) {
    app.use(async (_c, next) => {
      onRequest();
      await next();
    });
  }
  const refused = (c: Context) =>
    upstreamError(c, 403, 'AUTHENTICATIONFAILED', 'The token is invalid or expired.');
  // As the newer authentication pages describe an expired access token.
  const expired = (c: Context) => {
    c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
    return upstreamError(c, 401, 'UNAUTHORIZED', 'The access token has expired.');
  };

  /** Token, sids and query checked as the real API checks them. */
  function serve<Sids, Query>(
    endpoint: Pick<Endpoint<Sids, never, unknown>, 'route' | 'parseSids'>,
    parseQuery: (params: URLSearchParams) => ParseResult<Query>,
    answer: (
      c: Context,
      sids: Sids,
      query: Query,
      params: URLSearchParams,
    ) => Response | Promise<Response>,
  ) {
    app.get(endpoint.route, async (c) => {
      const given = await verdict(presentedToken(c));
      if (given === 'expired') return expired(c);
      if (given === 'invalid') return refused(c);
      const params = new URL(c.req.url).searchParams;
      const request = parseRequest(endpoint, parseQuery, c.req.param(), params);
      if (!request.ok) {
        return upstreamError(c, 400, 'INVALIDINPUT', request.problems.join(' '));
      }
      return answer(c, request.value.sids, request.value.query, params);
    });
  }

  // The documented rules, not our stricter ones: the demo answers what the real API would.
  const documentedListQuery = (params: URLSearchParams) =>
    parseSessionListQuery(params, DOCUMENTED_LIST_QUERY_RULES);
  serve(sessionListEndpoint, documentedListQuery, async (c, sids, query, params) => {
    let fault = findDemoFault(sids);
    if (fault === 'rateLimited') {
      const at = Date.now();
      if (limitedSince !== null && at - limitedSince >= RATE_LIMIT_WAIT_MS) {
        limitedSince = null;
        openUntil = at + RATE_LIMIT_OPEN_MS;
      }
      if (at < openUntil) {
        fault = undefined;
      } else {
        limitedSince ??= at;
        const left = Math.ceil((RATE_LIMIT_WAIT_MS - (at - limitedSince)) / 1000);
        c.header('Retry-After', String(Math.max(1, left)));
        return upstreamError(c, 429, 'TOOMANYREQUESTS', 'Rate limit exceeded.');
      }
    }
    if (fault !== undefined) {
      return answerFault(c, fault, { slowDelayMs, templates, onStreamClosed });
    }

    // Past its wait, the rate-limited fault answers with the busy learner's sessions.
    const sessions = sessionsByTriple.get(
      tripleKey(findDemoFault(sids) === 'rateLimited' ? DEMO_SIDS.busy : sids),
    );
    if (sessions === undefined) {
      return upstreamError(c, 404, 'RESOURCENOTFOUND', 'No enrollment exam with these sids.');
    }
    const paging = documentedPaging(params, query);
    const at = Date.now();
    const page = selectSessionPage(
      sessions.map((row) => withLiveEdit(row, at)),
      { ...query, ...paging },
    );
    return c.json(pagedList(c.req.url, params, page, paging));
  });

  const noSession = (c: Context) =>
    upstreamError(c, 404, 'RESOURCENOTFOUND', 'No exam session with these sids.');

  serve(sessionDetailEndpoint, ANY_QUERY, (c, sids) => {
    // The session must belong to the path's install and exam, not merely exist.
    const session = findDemoSession(world, sids);
    return session === undefined ? noSession(c) : c.json(withLiveEdit(session.detail, Date.now()));
  });

  for (const kind of RECORD_KINDS) {
    serve(SESSION_RECORD_ENDPOINTS[kind], parseDemoRecordQuery, (c, sids, query, params) => {
      const session = findDemoSession(world, sids);
      if (session === undefined) return noSession(c);
      return c.json(pagedList(c.req.url, params, selectRecordPage(session[kind], query), query));
    });
  }

  serve(userProfileEndpoint, ANY_QUERY, (c, sids) => {
    const user = world.profiles.get(sids.userSid);
    // A user of another install does not exist as far as this install is concerned.
    if (user?.installSid !== sids.installSid) {
      return upstreamError(c, 404, 'RESOURCENOTFOUND', 'No user with this sid in this install.');
    }
    return c.json(user.profile);
  });

  serve(installSettingsEndpoint, ANY_QUERY, (c, sids) => {
    const settings = world.settings.get(sids.installSid);
    if (settings === undefined) {
      return upstreamError(c, 404, 'RESOURCENOTFOUND', 'No install with this sid.');
    }
    return c.json(settings);
  });

  return app;
}

interface FaultSettings {
  slowDelayMs: number;
  templates: readonly DemoSession[];
  onStreamClosed: ((bytesSent: number) => void) | undefined;
}

/** Every fault but rate limiting, which the route answers since it remembers when its wait began. */
async function answerFault(
  c: Context,
  fault: Exclude<DemoFaultName, 'rateLimited'>,
  { slowDelayMs, templates, onStreamClosed }: FaultSettings,
) {
  switch (fault) {
    case 'tokenRefused':
      return upstreamError(c, 403, 'AUTHENTICATIONFAILED', 'The token is invalid or expired.');
    case 'upstreamError':
      return c.html('<html><body><h1>500 Internal Server Error</h1></body></html>', 500);
    case 'malformed':
      return c.json({ total: 3, count: 3, offset: 0, results: 'not a list' });
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, slowDelayMs));
      return c.json({ total: 0, count: 0, offset: 0, results: [] });
    case 'notFound':
      return upstreamError(c, 404, 'RESOURCENOTFOUND', 'No enrollment exam with these sids.');
    case 'connectionReset':
      return resetConnection(c.env);
    case 'hugeBody':
      return streamedJson(hugeListPieces(templates), { onClosed: onStreamClosed });
    case 'endlessStream':
      return streamedJson(endlessListPieces(templates), { onClosed: onStreamClosed });
    case 'slowTrickle': {
      const pieces = trickledPieces(trickleBody(templates));
      return streamedJson(pieces.values(), {
        spreadOver: { ms: slowDelayMs, pieces: pieces.length },
        onClosed: onStreamClosed,
      });
    }
  }
}

/** A real TCP RST; through `app.request()` the nearest thing is a body that fails. */
function resetConnection(env: unknown): Response {
  const incoming = nodeRequest(env);
  if (incoming === undefined) {
    return new Response(
      new ReadableStream({
        start: (controller) =>
          controller.error(new Error('The demo upstream reset the connection.')),
      }),
    );
  }
  incoming.socket.resetAndDestroy();
  return RESPONSE_ALREADY_SENT;
}

function nodeRequest(env: unknown): IncomingMessage | undefined {
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  return env.incoming instanceof IncomingMessage ? env.incoming : undefined;
}

const RATE_LIMIT_WAIT_MS = 5_000;
const RATE_LIMIT_OPEN_MS = 30_000;

export const HUGE_BODY_BYTES = 50 * 1024 * 1024;
const BATCH_BYTES = 64 * 1024;

/** Pulled as the client reads; with `spreadOver`, piece k of n waits until (k + 1) / n of it. */
function streamedJson(
  pieces: Iterator<string>,
  {
    spreadOver,
    onClosed,
  }: {
    spreadOver?: { ms: number; pieces: number };
    onClosed: ((bytesSent: number) => void) | undefined;
  },
): Response {
  const encoder = new TextEncoder();
  const started = performance.now();
  let sentPieces = 0;
  let bytesSent = 0;
  let closed = false;
  let stopWaiting = () => {};
  const close = () => {
    if (closed) return;
    closed = true;
    stopWaiting();
    onClosed?.(bytesSent);
  };
  const waitUntil = async (deadline: number) => {
    // A timer may fire a fraction of a millisecond early: wait again until the deadline has passed.
    while (!closed && performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.ceil(deadline - performance.now()));
        stopWaiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (spreadOver !== undefined) {
        await waitUntil(started + (spreadOver.ms * (sentPieces + 1)) / spreadOver.pieces);
      }
      if (closed) return;
      const piece = pieces.next();
      if (piece.done === true) {
        controller.close();
        close();
        return;
      }
      const bytes = encoder.encode(piece.value);
      sentPieces += 1;
      bytesSent += bytes.byteLength;
      controller.enqueue(bytes);
    },
    cancel: close,
  });
  return new Response(body, { headers: { 'content-type': 'application/json' } });
}

function fillerRow(templates: readonly DemoSession[], index: number): string {
  const template = templates[index % templates.length];
  const sid = `ES${index.toString(16).padStart(32, '0')}`;
  return JSON.stringify({ ...template, sid });
}

function* rowBatches(
  templates: readonly DemoSession[],
  rowCount: number,
): Generator<string, void, undefined> {
  let index = 0;
  while (index < rowCount) {
    let batch = '';
    while (index < rowCount && batch.length < BATCH_BYTES) {
      batch += (index === 0 ? '' : ',') + fillerRow(templates, index);
      index += 1;
    }
    yield batch;
  }
}

/** Known before the first byte (for `total`): every filler sid has the same length. */
function hugeRowCount(templates: readonly DemoSession[], headerBytes: number): number {
  const rowBytes = templates.map((_, index) => fillerRow(templates, index).length + 1);
  let bytes = headerBytes;
  let rows = 0;
  while (bytes < HUGE_BODY_BYTES) {
    bytes += rowBytes[rows % rowBytes.length] ?? 1;
    rows += 1;
  }
  return rows;
}

function* hugeListPieces(templates: readonly DemoSession[]): Generator<string, void, undefined> {
  const head = (rows: number) => `{"total":${rows},"count":${rows},"offset":0,"results":[`;
  // The count's own digits only add bytes; the first row has no comma before it.
  const rows = hugeRowCount(templates, head(0).length + ']}'.length - 1);
  yield head(rows);
  yield* rowBatches(templates, rows);
  yield ']}';
}

function* endlessListPieces(templates: readonly DemoSession[]): Generator<string, void, undefined> {
  yield '{"total":1000000000,"count":1000000000,"offset":0,"results":[';
  yield* rowBatches(templates, Infinity);
}

function trickleBody(templates: readonly DemoSession[]): string {
  const results = templates.slice(0, 5);
  return JSON.stringify({ total: results.length, count: results.length, offset: 0, results });
}

function trickledPieces(body: string, size = 8): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < body.length; at += size) pieces.push(body.slice(at, at + size));
  return pieces;
}

export interface DemoUpstreamServer {
  url: string;
  close(): Promise<void>;
}

export async function startDemoUpstream(
  options: DemoUpstreamOptions & { port?: number },
): Promise<DemoUpstreamServer> {
  const server = await listen(createDemoUpstreamApp(options), options.port ?? 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${server.port}`, close: () => server.close() };
}
