/**
 * The embedded demo upstream: imitates SmarterProctoring's "List enrollment exam sessions",
 * "Exam Session Details", a session's events and annotations, user profiles and install settings
 * closely enough (documented query rules and error bodies, the sibling APIs' defaults and page
 * links) that the server talks to it exactly as to the real API.
 */
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
  pageLinks,
  parseDemoRecordQuery,
  selectRecordPage,
  selectSessionPage,
} from '#server/demo-upstream/session-list.ts';
import { isLiveDemoUserToken } from '#server/demo-upstream/user-tokens.ts';

export interface DemoUpstreamOptions {
  /** The only token the demo accepts in the `token` header. */
  token: string;
  /** Anchor for the generated dates; defaults to the start time. */
  now?: Date;
  /**
   * How long the "slow" fault waits before answering, and how long the "slow trickle" fault takes
   * to send its whole answer; set it above the client's timeout.
   */
  slowDelayMs?: number;
  /** Also accept live demo user tokens (per-user sign-in on the demo); expired ones get 403. */
  acceptUserTokens?: boolean;
  /** Called once for every request received, before anything is checked (a harness counts calls). */
  onRequest?: () => void;
  /**
   * Called when a streamed fault body (huge, endless, trickle) ends or is given up by the client,
   * with the bytes it produced: shows that an abandoned stream stops.
   */
  onStreamClosed?: (bytesSent: number) => void;
}

type UpstreamErrorStatus = 400 | 403 | 404 | 429;

/** The error body the API documents: `{code, message, status}`. */
function upstreamError(c: Context, status: UpstreamErrorStatus, code: string, message: string) {
  return c.json({ code, message, status }, status);
}

/** The query as the real API would take it: endpoints without a documented query ignore one. */
const ANY_QUERY = (): ParseResult<undefined> => ({ ok: true, value: undefined });

const RECORD_KINDS: readonly SessionRecordKind[] = ['events', 'annotations'];

export function createDemoUpstreamApp({
  token,
  now = new Date(),
  slowDelayMs = 15_000,
  acceptUserTokens = false,
  onRequest,
  onStreamClosed,
}: DemoUpstreamOptions): Hono {
  const world = createDemoWorld(now);
  const { sessionsByTriple } = world;
  // The streamed faults repeat these rows under made-up sids.
  const templates = sessionsByTriple.get(tripleKey(DEMO_SIDS.busy)) ?? [];
  const accepts = (given: string | undefined) =>
    given !== undefined && (given === token || (acceptUserTokens && isLiveDemoUserToken(given)));

  // The rate-limited fault lets requests through for a while once the wait it asked for has
  // passed, so a client that honours Retry-After recovers by itself and one that does not stays
  // limited; a later visit is limited again.
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

  /** A declared endpoint's route: token, sids and query checked as the real API checks them. */
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
    app.get(endpoint.route, (c) => {
      if (!accepts(c.req.header('token'))) return refused(c);
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
    const { total, results } = selectSessionPage(
      sessions.map((row) => withLiveEdit(row, at)),
      { ...query, ...paging },
    );
    return c.json({
      total,
      ...pageLinks(c.req.url, params, total, paging.offset, paging.limit),
      count: results.length,
      offset: paging.offset,
      results,
    });
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
      const { total, results } = selectRecordPage(session[kind], query);
      return c.json({
        total,
        ...pageLinks(c.req.url, params, total, query.offset, query.limit),
        count: results.length,
        offset: query.offset,
        results,
      });
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

// ---------------------------------------------------------------------------
// Faults below HTTP: a dropped connection and bodies streamed piece by piece
// ---------------------------------------------------------------------------

/**
 * Resets the TCP connection (RST, as a crashed proxy would) without any answer. Only a real
 * socket can be reset: through `app.request()` in tests, the nearest thing is a body that fails.
 */
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
  // Tells @hono/node-server that nothing is left to send.
  return RESPONSE_ALREADY_SENT;
}

/** The Node request behind a request served by @hono/node-server (its bindings `incoming`/`outgoing`). */
function nodeRequest(env: unknown): IncomingMessage | undefined {
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  return env.incoming instanceof IncomingMessage ? env.incoming : undefined;
}

/** At least this many bytes of JSON in the "huge body" fault: 50 MiB. */
/** How long the rate-limited fault asks clients to wait, then lets them through. */
const RATE_LIMIT_WAIT_MS = 5_000;
const RATE_LIMIT_OPEN_MS = 30_000;

export const HUGE_BODY_BYTES = 50 * 1024 * 1024;
/** How much the big faults send at a time: enough rows to keep a connection busy, little memory. */
const BATCH_BYTES = 64 * 1024;

/**
 * A JSON body made piece by piece as the client reads it: the stream asks for the next piece only
 * when the last one has been taken (a pull source with a one-piece queue, and @hono/node-server
 * waits for the socket to drain), so a slow reader never makes the server hold more than a batch.
 * When the client goes away the stream is cancelled: no more pieces are made and timers stop.
 * With `spreadOver`, piece k of n is sent no sooner than (k + 1) / n of that time after the start.
 */
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
  /** Waits until `deadline` (performance.now() time), or until the stream closes. */
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

/** A session row numbered `index`: a template row under a valid sid of its own. */
function fillerRow(templates: readonly DemoSession[], index: number): string {
  const template = templates[index % templates.length];
  const sid = `ES${index.toString(16).padStart(32, '0')}`;
  return JSON.stringify({ ...template, sid });
}

/** `rowCount` filler rows, comma-separated, about BATCH_BYTES at a time. */
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

/**
 * How many filler rows make a list of at least HUGE_BODY_BYTES, known before the first byte (for
 * `total`). Every filler sid has the same length, so a row's size depends only on its template.
 */
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

/** A whole, valid list of at least HUGE_BODY_BYTES, whatever the limit asked for. */
function* hugeListPieces(templates: readonly DemoSession[]): Generator<string, void, undefined> {
  const head = (rows: number) => `{"total":${rows},"count":${rows},"offset":0,"results":[`;
  // The count's own digits only add bytes; the first row has no comma before it.
  const rows = hugeRowCount(templates, head(0).length + ']}'.length - 1);
  yield head(rows);
  yield* rowBatches(templates, rows);
  yield ']}';
}

/** The start of a list whose rows never end; only the client's going away stops it. */
function* endlessListPieces(templates: readonly DemoSession[]): Generator<string, void, undefined> {
  yield '{"total":1000000000,"count":1000000000,"offset":0,"results":[';
  yield* rowBatches(templates, Infinity);
}

/** The trickled answer: a short, valid page of five rows. */
function trickleBody(templates: readonly DemoSession[]): string {
  const results = templates.slice(0, 5);
  return JSON.stringify({ total: results.length, count: results.length, offset: 0, results });
}

/** A few bytes at a time. */
function trickledPieces(body: string, size = 8): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < body.length; at += size) pieces.push(body.slice(at, at + size));
  return pieces;
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
