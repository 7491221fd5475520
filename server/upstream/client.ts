// The only file that sees the API token: one generic `fetch(source, …)` calls every declared
// endpoint. See docs/decisions/endpoints-as-data.md and docs/decisions/upstream-*.md.
import type { z } from 'zod/mini';
import type {
  PageNote,
  QuotaPriority,
  Resource,
  UpstreamSource,
} from '#src/api/contract/endpoint.ts';
import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import {
  DEFAULT_LIST_QUERY,
  sessionListEndpoint,
  type SessionListSids,
} from '#src/api/contract/session-list.ts';
import { SID_KINDS } from '#src/api/contract/sids.ts';
import type { ApiErrorStatus } from '#server/http/api-error.ts';
import { logToStderr, type Log } from '#server/http/log.ts';
import { UpstreamBreaker, BREAKER_DEFAULTS } from '#server/upstream/breaker.ts';
import { QuotaAllowance, QuotaBudget } from '#server/upstream/budget.ts';
import { ResponseCache } from '#server/upstream/cache.ts';
import { createFailureLog } from '#server/upstream/failure-log.ts';
import { RateLimitHolds } from '#server/upstream/hold.ts';
import { createUpstreamHttp, type HttpResult } from '#server/upstream/http.ts';
import { SharedFlights } from '#server/upstream/shared.ts';
import { tokenKey } from '#server/upstream/token-key.ts';

type Refusal = 'held' | 'quota' | 'breaker';

export interface UpstreamObservation {
  /** held, quota, breaker: refused without asking; stale: answered while it is refreshed. */
  source: 'network' | 'cache' | 'stale' | 'shared' | Refusal;
  upstreamStatus?: number;
  durationMs: number;
  /** How old a reused answer was (cache, stale). */
  ageMs?: number;
}

export interface UpstreamCall {
  token: string;
  priority: QuotaPriority;
  signal?: AbortSignal;
  /** Called once when the call ends, however it ends (for the access log). */
  observe?: (observation: UpstreamObservation) => void;
  /** Instead of the endpoint's own reuseMs: a composed endpoint's, for the calls it makes. */
  reuseMs?: number;
  /** What its endpoint declares: only context and counts are answered stale, however asked. */
  declaredPriority?: QuotaPriority;
  /** Taken beforehand by reserve(): spent before the budget is asked. */
  allowance?: QuotaAllowance;
}

/** One upstream call as the metrics count it: `endpoint` is the declared endpoint's name. */
export interface UpstreamCallEvent extends UpstreamObservation {
  endpoint: string;
  priority: QuotaPriority;
}

export interface UpstreamReadiness {
  ready: boolean;
  detail: string;
}

export interface UpstreamClient {
  /** Rejects with an UpstreamError. */
  fetch<Sids, Query, Upstream, Answer>(
    source: UpstreamSource<Sids, Query, Upstream, Answer>,
    sids: Sids,
    query: Query,
    call: UpstreamCall,
  ): Promise<Upstream>;
  /**
   * Takes the budget for the upstream calls these queries need (reusable answers need none), all
   * or none; throws an UpstreamError when refused. Release the allowance when they are done.
   */
  reserve<Sids, Query, Upstream, Answer>(
    source: UpstreamSource<Sids, Query, Upstream, Answer>,
    sids: Sids,
    queries: readonly Query[],
    call: UpstreamCall,
  ): QuotaAllowance;
  /** How long an answer of an endpoint that declares `declaredMs` is reused, after any cap. */
  reuseFor(declaredMs: number): number;
  /** Bypasses cache, sharing and budget; not a 429 hold or an open circuit. */
  checkReady(token?: string, signal?: AbortSignal): Promise<UpstreamReadiness>;
  close(): Promise<void>;
}

export interface UpstreamClientDeps {
  /** Scheme, host and optional path prefix, without a trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  isDemo?: boolean;
  perUserTokens?: boolean;
  log?: Log;
  maxConnections?: number;
  maxBodyBytes?: number;
  /** Caps every endpoint's reuseMs; 0 turns the cache off. */
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
  cacheMaxBytes?: number;
  maxHoldSeconds?: number;
  /** Upstream calls per token in any 60 s; 0 means no budget. */
  callsPerMinute?: number;
  /** Timeouts or failed connections in a row that open the circuit; 0 turns the breaker off. */
  breakerFailures?: number;
  /** Called once per call when it ends, however it ends (for the metrics). */
  onCall?: (event: UpstreamCallEvent) => void;
  now?: () => number;
}

export const UPSTREAM_DEFAULTS = {
  maxConnections: 10,
  maxBodyBytes: 4 * 1024 * 1024,
  cacheMaxEntries: 500,
  cacheMaxBytes: 32 * 1024 * 1024,
  maxHoldSeconds: 120,
  callsPerMinute: 300,
  breakerFailures: BREAKER_DEFAULTS.failuresToOpen,
} as const;

/** Names, settings and counts change slowly: an old one at once beats waiting for a new one. */
const SERVED_STALE: ReadonlySet<QuotaPriority> = new Set(['context', 'counts']);

const STALE_WINDOW_FACTOR = 2;

/** See docs/decisions/upstream-error-mapping.md. */
export class UpstreamError extends Error {
  readonly code: ApiErrorCode;
  readonly status: ApiErrorStatus;
  readonly retryAfterSeconds: number | undefined;
  /** For the server log only. */
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

const API = 'SmarterProctoring API';

const MAX_ECHOED_MESSAGE = 300;

/** Well-formed sids that name nothing: the readiness check only needs the API to answer. */
const PLACEHOLDER_SIDS: SessionListSids = {
  installSid: `${SID_KINDS.install.prefix}${'0'.repeat(32)}`,
  enrollmentSid: `${SID_KINDS.enrollment.prefix}${'0'.repeat(32)}`,
  examSid: `${SID_KINDS.exam.prefix}${'0'.repeat(32)}`,
};

interface UpstreamReply {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

/** A parsed answer, with the schema that parsed it (the cache and shared calls hold many kinds). */
interface ParsedAnswer {
  schema: z.ZodMiniType;
  value: unknown;
}

type Fetched =
  | (ParsedAnswer & { ok: true; upstreamStatus: number })
  | { ok: false; error: UpstreamError; upstreamStatus: number | undefined; refused?: Refusal };

interface Spender {
  token: string;
  priority: QuotaPriority;
  allowance: QuotaAllowance | undefined;
}

type Admission =
  | { admitted: true; endProbe: () => void }
  | { admitted: false; refused: Refusal; error: UpstreamError; detail: string };

type Freshness = 'fresh' | 'stale' | 'old';

function producedBy<Schema extends z.ZodMiniType>(
  answer: ParsedAnswer,
  schema: Schema,
): answer is ParsedAnswer & { value: z.infer<Schema> } {
  return answer.schema === schema;
}

export function createUpstreamClient({
  baseUrl,
  timeoutMs,
  isDemo = false,
  perUserTokens = false,
  log = logToStderr,
  maxConnections = UPSTREAM_DEFAULTS.maxConnections,
  maxBodyBytes = UPSTREAM_DEFAULTS.maxBodyBytes,
  cacheTtlMs,
  cacheMaxEntries = UPSTREAM_DEFAULTS.cacheMaxEntries,
  cacheMaxBytes = UPSTREAM_DEFAULTS.cacheMaxBytes,
  maxHoldSeconds = UPSTREAM_DEFAULTS.maxHoldSeconds,
  callsPerMinute = UPSTREAM_DEFAULTS.callsPerMinute,
  breakerFailures = UPSTREAM_DEFAULTS.breakerFailures,
  onCall,
  now = Date.now,
}: UpstreamClientDeps): UpstreamClient {
  const http = createUpstreamHttp({ maxConnections, timeoutMs, maxBodyBytes });
  const cache = new ResponseCache<ParsedAnswer>({
    maxEntries: cacheMaxEntries,
    maxBytes: cacheMaxBytes,
    now,
  });
  const flights = new SharedFlights<Fetched>();
  const holds = new RateLimitHolds({ maxHoldSeconds, now });
  const budget = new QuotaBudget({ callsPerMinute, now });
  const breaker = new UpstreamBreaker({
    failuresToOpen: breakerFailures,
    halfOpenAfterMs: BREAKER_DEFAULTS.halfOpenAfterMs,
  });
  const failures = createFailureLog(log);

  function recordFailure(
    pathAndQuery: string,
    started: number,
    error: UpstreamError,
    upstreamStatus: number | undefined,
    detail = error.detail,
  ): void {
    failures.record({
      path: withoutQuery(pathAndQuery),
      upstreamStatus,
      status: error.status,
      code: error.code,
      durationMs: Math.round(performance.now() - started),
      detail,
    });
  }

  function reuseMsOf(declaredMs: number, override?: number): number {
    const reuseMs = override ?? declaredMs;
    return cacheTtlMs === undefined ? reuseMs : Math.min(reuseMs, cacheTtlMs);
  }

  function freshness(ageMs: number, priority: QuotaPriority, reuseMs: number): Freshness {
    if (ageMs < reuseMs) return 'fresh';
    return SERVED_STALE.has(priority) && ageMs < reuseMs * STALE_WINDOW_FACTOR ? 'stale' : 'old';
  }

  /** Checked in one tick, cheapest refusal first; only a call that will be made spends budget. */
  function admit({ token, priority, allowance }: Spender): Admission {
    const byToken = tokenKey(token);
    const held = holds.remainingSeconds(byToken);
    if (held !== undefined) {
      const detail = `not asked: the token is held for ${held} s after an upstream 429`;
      return { admitted: false, refused: 'held', error: rateLimited(held), detail };
    }
    const shut = breaker.refusalSeconds();
    if (shut !== undefined) {
      const detail = `not asked: the circuit is open for ${shut} s more`;
      return { admitted: false, refused: 'breaker', error: upstreamUnavailable(shut), detail };
    }
    if (allowance?.spend() !== true) {
      const taken = budget.take(byToken, priority);
      if (!taken.ok) {
        const error = quotaRefused(priority, taken.retryAfterSeconds, callsPerMinute);
        const detail = `not asked: the ${priority} share of ${callsPerMinute} calls a minute is spent`;
        return { admitted: false, refused: 'quota', error, detail };
      }
    }
    return { admitted: true, endProbe: holds.claimProbe(byToken) };
  }

  async function send(
    url: string,
    token: string | undefined,
    giveUp: AbortSignal,
  ): Promise<HttpResult> {
    try {
      return await breaker.run(() => http.get(url, upstreamHeaders(token), giveUp));
    } catch (error) {
      return { kind: 'network', status: undefined, detail: `breaker: ${String(error)}` };
    }
  }

  function readResult(result: HttpResult, what: Resource): UpstreamReply | UpstreamError {
    switch (result.kind) {
      case 'answer':
        return {
          status: result.status,
          headers: result.headers,
          text: result.body.toString('utf8'),
        };
      case 'too_large':
        return new UpstreamError(
          'upstream_too_large',
          502,
          `The ${API} sent an unexpectedly large response to the request for ${what.phrase}. Try again in a few minutes; if it keeps happening, tell an administrator.`,
          { detail: result.detail },
        );
      case 'timeout':
        return new UpstreamError(
          'upstream_timeout',
          504,
          `The ${API} did not send ${what.phrase} within ${timeoutMs / 1000} seconds. Try again in a few minutes.`,
        );
      case 'given_up':
        return givenUp(what);
      case 'network':
        return new UpstreamError(
          'upstream_unreachable',
          502,
          `The server could not reach the ${API} to ask for ${what.phrase}. Ask an administrator to check the server's network and SP_API_URL.`,
          { detail: result.detail },
        );
    }
  }

  /** Run once however many callers share it; never rejects. */
  async function fetchOnce<Schema extends z.ZodMiniType>(
    pathAndQuery: string,
    schema: Schema,
    what: Resource,
    token: string,
    settle: ((value: z.infer<Schema>) => z.infer<Schema>) | undefined,
    giveUp: AbortSignal,
  ): Promise<Fetched & { bytes: number }> {
    const started = performance.now();
    const result = await send(`${baseUrl}${pathAndQuery}`, token, giveUp);
    if (result.kind === 'answer' && result.status === 200) holds.answered(tokenKey(token));
    const reply = readResult(result, what);
    const read =
      reply instanceof UpstreamError
        ? failed(reply)
        : readReply(reply, schema, what, token, { isDemo, perUserTokens }, () =>
            holds.hold(tokenKey(token), reply.headers.get('retry-after')),
          );
    if (read.ok) {
      const value = settle === undefined ? read.value : settle(read.value);
      const bytes = result.kind === 'answer' ? result.body.byteLength : 0;
      return { ok: true, schema, value, upstreamStatus: result.status ?? 200, bytes };
    }
    if (result.kind !== 'given_up') recordFailure(pathAndQuery, started, read.error, result.status);
    return { ok: false, error: read.error, upstreamStatus: result.status, bytes: 0 };
  }

  /** A flight's start: asks the upstream when admitted, and keeps a good answer. Never rejects. */
  async function ask<Schema extends z.ZodMiniType>(
    key: string,
    pathAndQuery: string,
    schema: Schema,
    what: Resource,
    spender: Spender,
    keepMs: number,
    settle: ((value: z.infer<Schema>) => z.infer<Schema>) | undefined,
    giveUp: AbortSignal,
  ): Promise<Fetched> {
    const started = performance.now();
    const admission = admit(spender);
    if (!admission.admitted) {
      const { error, refused, detail } = admission;
      recordFailure(pathAndQuery, started, error, undefined, detail);
      return { ok: false, error, upstreamStatus: undefined, refused };
    }
    try {
      const fetched = await fetchOnce(pathAndQuery, schema, what, spender.token, settle, giveUp);
      if (fetched.ok) cache.set(key, { schema, value: fetched.value }, fetched.bytes, keepMs);
      return fetched;
    } finally {
      admission.endProbe();
    }
  }

  async function get<Schema extends z.ZodMiniType>(
    endpointName: string,
    pathAndQuery: string,
    schema: Schema,
    what: Resource,
    call: UpstreamCall,
    declaredReuseMs: number,
    settle?: (value: z.infer<Schema>) => z.infer<Schema>,
  ): Promise<z.infer<Schema>> {
    const started = performance.now();
    let source: UpstreamObservation['source'] = 'network';
    let upstreamStatus: number | undefined;
    let ageMs: number | undefined;
    try {
      if (call.signal?.aborted === true) throw givenUp(what);
      const key = cacheKey(call.token, pathAndQuery);
      const { token, priority } = call;
      const reuseMs = reuseMsOf(declaredReuseMs, call.reuseMs);
      const staleBy = call.declaredPriority ?? priority;
      const keepMs = SERVED_STALE.has(staleBy) ? reuseMs * STALE_WINDOW_FACTOR : reuseMs;
      const start = (spender: Spender) => (giveUp: AbortSignal) =>
        ask(key, pathAndQuery, schema, what, spender, keepMs, settle, giveUp);
      const cached = cache.get(key);
      if (cached !== undefined && producedBy(cached.value, schema)) {
        const age = freshness(cached.ageMs, staleBy, reuseMs);
        ageMs = cached.ageMs;
        if (age === 'fresh') {
          source = 'cache';
          return cached.value.value;
        }
        if (age === 'stale') {
          source = 'stale';
          // Nobody waits for the refresh; if it fails or is refused, the stale answer stays.
          void flights.join(key, start({ token, priority, allowance: undefined }));
          return cached.value.value;
        }
      }
      const joined = await flights.join(
        key,
        start({ token, priority, allowance: call.allowance }),
        call.signal,
      );
      source = joined.shared ? 'shared' : 'network';
      if ('left' in joined) throw givenUp(what);
      const fetched = joined.result;
      upstreamStatus = fetched.upstreamStatus;
      if (!fetched.ok) {
        source = fetched.refused ?? source;
        throw fetched.error;
      }
      // Always true: one URL is one endpoint with one schema. The check gives the value its type.
      if (!producedBy(fetched, schema)) {
        throw new Error(`Two schemas share the upstream URL ${withoutQuery(pathAndQuery)}`);
      }
      return fetched.value;
    } finally {
      const observation: UpstreamObservation = {
        source,
        ...(upstreamStatus === undefined ? {} : { upstreamStatus }),
        ...(source === 'cache' || source === 'stale' ? { ageMs } : {}),
        durationMs: Math.round(performance.now() - started),
      };
      call.observe?.(observation);
      onCall?.({ ...observation, endpoint: endpointName, priority: call.priority });
    }
  }

  function reserve<Sids, Query, Upstream, Answer>(
    { endpoint, upstream }: UpstreamSource<Sids, Query, Upstream, Answer>,
    sids: Sids,
    queries: readonly Query[],
    call: UpstreamCall,
  ): QuotaAllowance {
    const byToken = tokenKey(call.token);
    // Held or open: every call is refused alike without spending.
    if (holds.remainingSeconds(byToken) !== undefined || breaker.refusalSeconds() !== undefined) {
      return QuotaAllowance.none();
    }
    const reuseMs = reuseMsOf(endpoint.reuseMs, call.reuseMs);
    const needed = queries
      .map((query) => endpoint.path(sids, query))
      .filter((path) => {
        const key = cacheKey(call.token, path);
        const cached = cache.get(key);
        const reusable =
          cached !== undefined &&
          producedBy(cached.value, upstream) &&
          freshness(cached.ageMs, call.declaredPriority ?? call.priority, reuseMs) !== 'old';
        return !reusable && !flights.has(key);
      });
    const taken = budget.take(byToken, call.priority, needed.length);
    if (taken.ok) return new QuotaAllowance(needed.length, taken.refund);
    const error = quotaRefused(call.priority, taken.retryAfterSeconds, callsPerMinute);
    const detail = `not asked: ${needed.length} calls at once exceed the ${call.priority} share of ${callsPerMinute} a minute`;
    recordFailure(needed[0] ?? endpoint.route, performance.now(), error, undefined, detail);
    call.observe?.({ source: 'quota', durationMs: 0 });
    onCall?.({ source: 'quota', durationMs: 0, endpoint: endpoint.name, priority: call.priority });
    throw error;
  }

  async function checkReady(token?: string, signal?: AbortSignal): Promise<UpstreamReadiness> {
    if (token !== undefined) {
      const held = holds.remainingSeconds(tokenKey(token));
      if (held !== undefined) return notReadyRateLimited(held);
    }
    const shut = breaker.refusalSeconds();
    if (shut !== undefined) {
      return {
        ready: false,
        detail: `upstream not answering (circuit open); next probe in ${shut} s`,
      };
    }
    const path = sessionListEndpoint.path(PLACEHOLDER_SIDS, { ...DEFAULT_LIST_QUERY, limit: 1 });
    const result = await send(`${baseUrl}${path}`, token, signal ?? new AbortController().signal);
    if (result.kind === 'timeout') {
      return { ready: false, detail: `upstream did not answer within ${timeoutMs / 1000} s` };
    }
    if (result.kind === 'given_up') {
      return { ready: false, detail: 'readiness check was cancelled' };
    }
    if (result.kind === 'network') {
      return { ready: false, detail: `upstream not reachable (${result.detail})` };
    }
    const { status } = result;
    if (token === undefined) {
      return { ready: true, detail: `upstream reachable (HTTP ${status}; no token to check)` };
    }
    if (status === 200) holds.answered(tokenKey(token));
    if (status === 200 || status === 404) {
      return { ready: true, detail: 'upstream reachable, token accepted' };
    }
    if (status === 401 || status === 403) {
      return { ready: false, detail: `upstream refused the token (HTTP ${status})` };
    }
    if (status === 429) {
      const retryAfter = result.kind === 'answer' ? result.headers.get('retry-after') : null;
      return notReadyRateLimited(holds.hold(tokenKey(token), retryAfter));
    }
    return { ready: false, detail: `upstream answered HTTP ${status}` };
  }

  return {
    async fetch({ endpoint, upstream, settle }, sids, query, call) {
      const path = endpoint.path(sids, query);
      const logNote = (note: PageNote) => logPageNote(log, withoutQuery(path), note);
      return get(
        endpoint.name,
        path,
        upstream,
        endpoint.resource,
        call,
        endpoint.reuseMs,
        settle && ((value) => settle(value, query, logNote)),
      );
    },
    reserve,
    reuseFor: (declaredMs) => reuseMsOf(declaredMs),
    checkReady,
    async close() {
      await http.close();
      // After the requests in flight, whose failures may still join a summary.
      failures.flush();
    },
  };
}

/** One user's answer never reaches another token. */
function cacheKey(token: string, pathAndQuery: string): string {
  return `${tokenKey(token)} ${pathAndQuery}`;
}

/** The query may hold values that do not belong in a log. */
function withoutQuery(pathAndQuery: string): string {
  return pathAndQuery.split('?')[0] ?? '';
}

function upstreamHeaders(token: string | undefined): Record<string, string> {
  // Fresh, so nothing of the browser's goes upstream; only encodings the body cap can count.
  return {
    ...(token === undefined ? {} : { token }),
    accept: 'application/json',
    'accept-encoding': 'gzip, identity',
  };
}

function givenUp(what: Resource): UpstreamError {
  return new UpstreamError(
    'upstream_timeout',
    504,
    `The request for ${what.phrase} was cancelled before the ${API} answered.`,
  );
}

export function rateLimited(seconds: number): UpstreamError {
  return new UpstreamError(
    'rate_limited',
    429,
    `The ${API} is receiving too many requests from this server. Try again in ${seconds} seconds.`,
    { retryAfterSeconds: seconds },
  );
}

function upstreamUnavailable(seconds: number): UpstreamError {
  return new UpstreamError(
    'upstream_unavailable',
    503,
    `SmarterProctoring is not answering; the dashboard tries again in ${seconds} s.`,
    { retryAfterSeconds: seconds },
  );
}

/** What a held-back call was for, in staff words. */
const HELD_BACK: Readonly<Record<Exclude<QuotaPriority, 'rows'>, string>> = {
  detail: 'the session detail waits',
  context: 'names and settings wait',
  counts: 'the status counts wait',
  prefetch: 'loading ahead waits',
};

function quotaRefused(
  priority: QuotaPriority,
  seconds: number,
  callsPerMinute: number,
): UpstreamError {
  const retryAfter = { retryAfterSeconds: seconds };
  if (priority === 'rows') {
    return new UpstreamError(
      'quota_spent',
      429,
      `The dashboard has used this minute's share of SmarterProctoring calls (${callsPerMinute} a minute), so that learners can still start exams. It asks again in ${seconds} seconds.`,
      retryAfter,
    );
  }
  return new UpstreamError(
    'quota_held_back',
    429,
    `Held back to spare the API quota: ${HELD_BACK[priority]} so that session lists can still load this minute. Try again in ${seconds} seconds.`,
    retryAfter,
  );
}

function notReadyRateLimited(seconds: number): UpstreamReadiness {
  return { ready: false, detail: `upstream is rate limiting the token; try again in ${seconds} s` };
}

function logPageNote(log: Log, path: string, note: PageNote): void {
  const message =
    note.event === 'upstream_page_trimmed'
      ? `upstream GET ${path}: ${note.rows} rows for limit ${note.limit}; kept the first ${note.limit}`
      : `upstream GET ${path}: ${note.rows} rows for limit ${note.limit} at offset ${note.offset} of ${note.total}; the API may cap its page size`;
  log(message, { ...note, path });
}

type ReadResult<T> = { ok: true; value: T } | { ok: false; error: UpstreamError };

function failed(error: UpstreamError): { ok: false; error: UpstreamError } {
  return { ok: false, error };
}

function readReply<Schema extends z.ZodMiniType>(
  reply: UpstreamReply,
  schema: Schema,
  what: Resource,
  token: string,
  { isDemo, perUserTokens }: { isDemo: boolean; perUserTokens: boolean },
  /** Starts the token's hold after a 429; returns its seconds. */
  hold: () => number,
): ReadResult<z.infer<Schema>> {
  const { status } = reply;
  if (status === 200) return readBody(reply.text, schema, what);
  if ((status === 401 || status === 403) && perUserTokens) {
    return failed(
      new UpstreamError(
        'user_token_refused',
        401,
        `The ${API} refused your token when asked for ${what.phrase}. Sign in again with a current token.`,
      ),
    );
  }
  if (status === 401 || status === 403) {
    // 502: the refused token is the server's own, which signing in again cannot fix.
    return failed(
      new UpstreamError(
        'token_refused',
        502,
        `The ${API} refused the server's API token when asked for ${what.phrase}. Ask an administrator to check SP_API_TOKEN.`,
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
          : `The ${API} has no ${what.name} at these sids.`,
      ),
    );
  }
  if (status === 429) return failed(rateLimited(hold()));
  if (status === 400) {
    // We validated the request, so a 400 means the upstream disagrees with its own docs.
    const reason = readUpstreamMessage(reply.text, token);
    return failed(
      new UpstreamError(
        'upstream_error',
        502,
        reason === undefined
          ? `The ${API} rejected the request for ${what.phrase} without saying why.`
          : `The ${API} rejected the request for ${what.phrase}: ${reason}`,
      ),
    );
  }
  return failed(
    new UpstreamError(
      'upstream_error',
      502,
      `The ${API} answered with HTTP ${status} instead of ${what.phrase}. Try again in a few minutes.`,
    ),
  );
}

function readBody<Schema extends z.ZodMiniType>(
  text: string,
  schema: Schema,
  what: Resource,
): ReadResult<z.infer<Schema>> {
  const malformed = (detail: string) =>
    failed(
      new UpstreamError(
        'malformed_response',
        502,
        `The ${API} sent ${what.phrase} in a shape this dashboard cannot read.`,
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
