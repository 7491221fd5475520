/**
 * The client for the SmarterProctoring list endpoint, and the only file that sees the API token.
 * It sends nothing but the token and an Accept header, and turns every upstream failure into an
 * UpstreamError whose message can be shown to staff as is.
 */
import { z } from 'zod';
import {
  sessionListPath,
  toSessionListSearchParams,
  upstreamSessionListSchema,
  type ApiErrorCode,
  type SessionListQuery,
  type SessionListSids,
} from '#src/api/contract.ts';
import type { ApiErrorStatus } from './api-error.ts';
import { logToStderr } from '#server/log.ts';

export type UpstreamSessionList = z.infer<typeof upstreamSessionListSchema>;

export interface UpstreamClient {
  listSessions(sids: SessionListSids, query: SessionListQuery): Promise<UpstreamSessionList>;
}

export interface UpstreamClientDeps {
  /** Scheme, host and optional path prefix, without a trailing slash. */
  baseUrl: string;
  token: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Receives one line per failed upstream call; defaults to stderr. */
  log?: (line: string) => void;
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

interface UpstreamReply {
  status: number;
  headers: Headers;
  text: string;
}

export function createUpstreamClient({
  baseUrl,
  token,
  timeoutMs,
  fetch: fetchFn = fetch,
  log = logToStderr,
}: UpstreamClientDeps): UpstreamClient {
  async function send(pathAndQuery: string): Promise<UpstreamReply | UpstreamError> {
    try {
      const response = await fetchFn(`${baseUrl}${pathAndQuery}`, {
        // A fresh header set: nothing from the browser's request (cookies, Authorization) goes upstream.
        headers: { token, accept: 'application/json' },
        // A followed redirect would carry the token header to wherever it points.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        return new UpstreamError(
          'upstream_timeout',
          504,
          `${API} did not answer within ${timeoutMs / 1000} seconds. Try again in a few minutes.`,
        );
      }
      return new UpstreamError(
        'upstream_unreachable',
        502,
        `The server could not reach ${API}. Ask an administrator to check the server's network and SP_API_URL.`,
        { detail: describeNetworkError(error) },
      );
    }
  }

  async function listSessions(
    sids: SessionListSids,
    query: SessionListQuery,
  ): Promise<UpstreamSessionList> {
    const path = sessionListPath(sids);
    const started = performance.now();
    const reply = await send(`${path}?${toSessionListSearchParams(query)}`);
    const result = reply instanceof UpstreamError ? reply : readReply(reply, token);
    if (result instanceof UpstreamError) {
      const upstreamStatus =
        reply instanceof UpstreamError ? 'no response' : `HTTP ${reply.status}`;
      const duration = Math.round(performance.now() - started);
      const detail = result.detail === undefined ? '' : ` (${result.detail})`;
      log(
        `upstream GET ${path}: ${upstreamStatus} -> ${result.status} ${result.code} in ${duration} ms${detail}`,
      );
      throw result;
    }
    return result;
  }

  return { listSessions };
}

function readReply(reply: UpstreamReply, token: string): UpstreamSessionList | UpstreamError {
  const { status } = reply;
  if (status === 200) return readSessionList(reply.text);
  if (status === 401 || status === 403) {
    // 502, not 401/403: the refused credential is the server's own, and the browser cannot fix it
    // by signing in again; to the browser this is a fault of the server's upstream.
    return new UpstreamError(
      'token_refused',
      502,
      `${API} refused the server's API token. Ask an administrator to check SP_API_TOKEN.`,
    );
  }
  if (status === 404) {
    return new UpstreamError(
      'not_found',
      404,
      `${API} found no install, enrollment or exam with these sids.`,
    );
  }
  if (status === 429) {
    const retryAfterSeconds = parseRetryAfter(reply.headers.get('retry-after'));
    const when =
      retryAfterSeconds === undefined ? 'in a minute' : `in ${retryAfterSeconds} seconds`;
    return new UpstreamError(
      'rate_limited',
      429,
      `${API} is receiving too many requests from this server. Try again ${when}.`,
      retryAfterSeconds === undefined ? {} : { retryAfterSeconds },
    );
  }
  if (status === 400) {
    // We validated the request, so a 400 means the upstream disagrees with its own docs.
    const reason = readUpstreamMessage(reply.text, token);
    return new UpstreamError(
      'upstream_error',
      502,
      reason === undefined
        ? `${API} rejected the request without saying why.`
        : `${API} rejected the request: ${reason}`,
    );
  }
  return new UpstreamError(
    'upstream_error',
    502,
    `${API} answered with HTTP ${status} instead of a session list. Try again in a few minutes.`,
  );
}

function readSessionList(text: string): UpstreamSessionList | UpstreamError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return malformed('body is not JSON');
  }
  const parsed = upstreamSessionListSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return malformed(
      issue === undefined ? 'schema mismatch' : `${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return parsed.data;
}

function malformed(detail: string): UpstreamError {
  return new UpstreamError(
    'malformed_response',
    502,
    `${API} sent a session list this dashboard cannot read.`,
    { detail },
  );
}

/** Error bodies seen in the docs: `{code, message, status}` and `{error: {code, message}}`. */
const upstreamMessageSchema = z.union([
  z.object({ message: z.string() }),
  z.object({ error: z.object({ message: z.string() }) }),
]);

/** The upstream's own words, only when they are a short line of plain text. */
function readUpstreamMessage(text: string, token: string): string | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = upstreamMessageSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const message = (
    'message' in parsed.data ? parsed.data.message : parsed.data.error.message
  ).trim();
  const plain =
    message.length > 0 && message.length <= MAX_ECHOED_MESSAGE && !/[\p{Cc}<>]/u.test(message);
  return plain && !message.includes(token) ? message : undefined;
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
