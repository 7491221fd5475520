/**
 * The client for the SmarterProctoring API, and the only file that sees the API token. One `get`
 * owns the token, the timeout, redirects, error mapping and logging; each endpoint is a thin
 * wrapper that names its path, its schema and what it asks for.
 */
import type { z } from 'zod/mini';
import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import {
  sessionListPath,
  upstreamSessionListSchema,
  type SessionListQuery,
  type SessionListSids,
  type UpstreamSessionList,
} from '#src/api/contract/session-list.ts';
import type { ApiErrorStatus } from '#server/api-error.ts';
import { logToStderr, type Log } from '#server/log.ts';

/** Who asks, and until when they care. */
export interface UpstreamCall {
  /** The SmarterProctoring token to call with: the server's shared one or the signed-in user's. */
  token: string;
  /** Lets the caller give up (a closed browser tab, a render budget); a call given up is not logged. */
  signal?: AbortSignal;
}

export interface UpstreamClient {
  listSessions(
    sids: SessionListSids,
    query: SessionListQuery,
    call: UpstreamCall,
  ): Promise<UpstreamSessionList>;
}

interface UpstreamClientDeps {
  /** Scheme, host and optional path prefix, without a trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  /** The embedded demo upstream: a missing resource then points staff to the demo links. */
  isDemo?: boolean;
  fetch?: typeof fetch;
  /** Receives one line per failed upstream call; defaults to stderr. */
  log?: Log;
}

/** What a request asks for, in the words its error messages use. */
interface UpstreamResource {
  /** What is missing when the answer is 404, e.g. "sessions" or "exam session". */
  name: string;
  /** What was asked for, e.g. "the session list" or "this exam session". */
  phrase: string;
}

/** An upstream failure, already mapped to our status, code and a message fit for staff. */
export class UpstreamError extends Error {
  readonly code: ApiErrorCode;
  readonly status: ApiErrorStatus;
  readonly retryAfterSeconds: number | undefined;
  /** What went wrong in more detail, for the server log only. */
  readonly detail: string | undefined;

  constructor(
    code: ApiErrorCode,
    status: ApiErrorStatus,
    message: string,
    extra: { retryAfterSeconds?: number; detail?: string } = {},
  ) {
    super(message);
    this.name = 'UpstreamError';
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.detail = extra.detail;
  }
}

const API = 'The SmarterProctoring API';

/** Longest upstream 400 message we repeat to staff; anything longer is probably not meant for people. */
const MAX_ECHOED_MESSAGE = 300;

const SESSION_LIST: UpstreamResource = { name: 'sessions', phrase: 'the session list' };

interface UpstreamReply {
  status: number;
  headers: Headers;
  text: string;
}

export function createUpstreamClient({
  baseUrl,
  timeoutMs,
  isDemo = false,
  fetch: fetchFn = fetch,
  log = logToStderr,
}: UpstreamClientDeps): UpstreamClient {
  async function send(
    pathAndQuery: string,
    what: UpstreamResource,
    { token, signal }: UpstreamCall,
  ): Promise<UpstreamReply | UpstreamError> {
    try {
      const response = await fetchFn(`${baseUrl}${pathAndQuery}`, {
        // A fresh header set: nothing from the browser's request (cookies, Authorization) goes upstream.
        headers: { token, accept: 'application/json' },
        // A followed redirect would carry the token header to wherever it points.
        redirect: 'manual',
        signal:
          signal === undefined
            ? AbortSignal.timeout(timeoutMs)
            : AbortSignal.any([AbortSignal.timeout(timeoutMs), signal]),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        return new UpstreamError(
          'upstream_timeout',
          504,
          `${API} did not send ${what.phrase} within ${timeoutMs / 1000} seconds. Try again in a few minutes.`,
        );
      }
      return new UpstreamError(
        'upstream_unreachable',
        502,
        `The server could not reach ${API} to ask for ${what.phrase}. Ask an administrator to check the server's network and SP_API_URL.`,
        { detail: describeNetworkError(error) },
      );
    }
  }

  /** GETs a path (with its query) and parses the answer with `schema`, or throws an UpstreamError. */
  async function get<Schema extends z.ZodMiniType>(
    pathAndQuery: string,
    schema: Schema,
    what: UpstreamResource,
    call: UpstreamCall,
  ): Promise<z.infer<Schema>> {
    const started = performance.now();
    const reply = await send(pathAndQuery, what, call);
    const result =
      reply instanceof UpstreamError
        ? failed(reply)
        : readReply(reply, schema, what, call.token, isDemo);
    if (result.ok) return result.value;
    const { error } = result;
    // The caller gave up on purpose: nobody is waiting for this answer, so it is no failure.
    if (call.signal?.aborted === true) throw error;
    const upstreamStatus = reply instanceof UpstreamError ? 'no response' : `HTTP ${reply.status}`;
    const duration = Math.round(performance.now() - started);
    const detail = error.detail === undefined ? '' : ` (${error.detail})`;
    // The path alone: the query may hold values that do not belong in a log.
    const path = pathAndQuery.split('?')[0] ?? '';
    log(
      `upstream GET ${path}: ${upstreamStatus} -> ${error.status} ${error.code} in ${duration} ms${detail}`,
    );
    throw error;
  }

  return {
    async listSessions(sids, query, call) {
      const list = await get(
        sessionListPath(sids, query),
        upstreamSessionListSchema,
        SESSION_LIST,
        call,
      );
      const expected = Math.min(query.limit, Math.max(0, list.total - query.offset));
      if (list.results.length < expected) {
        // The API documents no maximum page size; a silent cap would make our pages skip rows.
        log(
          `upstream GET ${sessionListPath(sids)}: ${list.results.length} rows for limit ${query.limit} at offset ${query.offset} of ${list.total}; the API may cap its page size`,
        );
      }
      return list;
    },
  };
}

type ReadResult<T> = { ok: true; value: T } | { ok: false; error: UpstreamError };

function failed(error: UpstreamError): { ok: false; error: UpstreamError } {
  return { ok: false, error };
}

function readReply<Schema extends z.ZodMiniType>(
  reply: UpstreamReply,
  schema: Schema,
  what: UpstreamResource,
  token: string,
  isDemo: boolean,
): ReadResult<z.infer<Schema>> {
  const { status } = reply;
  if (status === 200) return readBody(reply.text, schema, what);
  if (status === 401 || status === 403) {
    // 502, not 401/403: the refused credential is the server's own, and the browser cannot fix it
    // by signing in again; to the browser this is a fault of the server's upstream.
    return failed(
      new UpstreamError(
        'token_refused',
        502,
        `${API} refused the server's API token when asked for ${what.phrase}. Ask an administrator to check SP_API_TOKEN.`,
      ),
    );
  }
  if (status === 404) {
    return failed(
      new UpstreamError(
        'not_found',
        404,
        isDemo
          ? `The demo has no ${what.name} for these sids; open one of the demo links.`
          : `${API} has no ${what.name} at these sids.`,
      ),
    );
  }
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(reply.headers.get('retry-after'));
    const when =
      retryAfterSeconds === undefined ? 'in a minute' : `in ${retryAfterSeconds} seconds`;
    return failed(
      new UpstreamError(
        'rate_limited',
        429,
        `${API} is receiving too many requests from this server. Try again ${when}.`,
        retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
      ),
    );
  }
  if (status === 400) {
    // We validated the request, so a 400 means the upstream disagrees with its own docs.
    const reason = readUpstreamMessage(reply.text, token);
    return failed(
      new UpstreamError(
        'upstream_error',
        502,
        reason === undefined
          ? `${API} rejected the request for ${what.phrase} without saying why.`
          : `${API} rejected the request for ${what.phrase}: ${reason}`,
      ),
    );
  }
  return failed(
    new UpstreamError(
      'upstream_error',
      502,
      `${API} answered with HTTP ${status} instead of ${what.phrase}. Try again in a few minutes.`,
    ),
  );
}

function readBody<Schema extends z.ZodMiniType>(
  text: string,
  schema: Schema,
  what: UpstreamResource,
): ReadResult<z.infer<Schema>> {
  const malformed = (detail: string) =>
    failed(
      new UpstreamError(
        'malformed_response',
        502,
        `${API} sent ${what.phrase} in a shape this dashboard cannot read.`,
        { detail },
      ),
    );
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return malformed('body is not JSON');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return malformed(
      issue === undefined ? 'schema mismatch' : `${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return { ok: true, value: parsed.data };
}

/** Error bodies seen in the API's docs: `{code, message, status}` and `{error: {code, message}}`. */
function readUpstreamMessage(text: string, token: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const message = messageOf(body)?.trim();
  if (message === undefined) return undefined;
  const plain =
    message.length > 0 && message.length <= MAX_ECHOED_MESSAGE && !/[\p{Cc}<>]/u.test(message);
  return plain && !message.includes(token) ? message : undefined;
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  if ('message' in body && typeof body.message === 'string') return body.message;
  if ('error' in body) return messageOf(body.error);
  return undefined;
}

/** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** Node's fetch hides the reason (ECONNREFUSED, ENOTFOUND…) in `cause`. */
function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string')
    return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}
