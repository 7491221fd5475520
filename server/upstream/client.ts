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
import { createMemoryState } from '#server/shared-state/memory-state.ts';
import type { SharedAnswer, SharedState } from '#server/shared-state/shared-state.ts';
import { QuotaAllowance } from '#server/upstream/budget.ts';
import { ResponseCache } from '#server/upstream/cache.ts';
import { createFailureLog } from '#server/upstream/failure-log.ts';
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

/** The client's state when scraped, summed over every token, never told per token. */
export interface UpstreamStateReading {
  /** Calls spent in the current minute's budget. */
  budgetUsed: number;
  /** Calls the budget allows a token in that minute; Infinity when there is no budget. */
  budgetLimit: number;
  /** Tokens held back after an upstream 429. */
  heldTokens: number;
  breakerOpen: boolean;
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
  ): Promise<QuotaAllowance>;
  /**
   * The cache's answer while it is fresh, with its age; undefined otherwise. Never asks the
   * upstream and spends no budget: what a page may show at no cost to the institution.
   */
  peek<Sids, Query, Upstream, Answer>(
    source: UpstreamSource<Sids, Query, Upstream, Answer>,
    sids: Sids,
    query: Query,
    call: Pick<UpstreamCall, 'token' | 'reuseMs' | 'declaredPriority'>,
  ): Promise<{ value: Upstream; ageMs: number } | undefined>;
  /** How long an answer of an endpoint that declares `declaredMs` is reused, after any cap. */
  reuseFor(declaredMs: number): number;
  /** Bypasses cache, sharing and budget; not a 429 hold or an open circuit. */
  checkReady(token?: string, signal?: AbortSignal): Promise<UpstreamReadiness>;
  readState(): Promise<UpstreamStateReading>;
  close(): Promise<void>;
}

/** How the API takes a token (API.md, unknown 1): a `token` header, or `Authorization: Bearer`. */
export type AuthHeader = 'token' | 'bearer';

/** What the client asks of the server's own token source when the upstream refuses the token. */
export interface SharedTokenRenewal {
  /** A different token to retry with once, or null. */
  refused(token: string): Promise<string | null>;
  /** The settings an administrator checks, named in the refusal's message. */
  readonly settings: string;
}

export interface UpstreamClientDeps {
  /** Scheme, host and optional path prefix, without a trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  isDemo?: boolean;
  perUserTokens?: boolean;
  /** `token` unless given. */
  authHeader?: AuthHeader;
  /** The shared token's source: a refused token is renewed (or read again) and the call retried. */
  sharedTokens?: SharedTokenRenewal;
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
  /**
   * Holds, budget, breaker and answers that instances share (see docs/decisions/shared-state.md);
   * this process's memory when not given. Its budget must count `callsPerMinute`.
   */
  state?: SharedState;
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

/** How often an instance looks whether the one asking the same URL has its answer. */
const ANOTHER_INSTANCE_POLL_MS = 20;
/** A claim outlives the call's timeout a little: an instance that died mid-call lets go by then. */
const CLAIM_SLACK_MS = 1_000;

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
  | (ParsedAnswer & {
      ok: true;
      upstreamStatus: number;
      text: string;
      /** Another instance asked, and this one waited for its answer. */
      byAnotherInstance?: true;
    })
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
  authHeader = 'token',
  sharedTokens,
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
  state = createMemoryState({ callsPerMinute, maxHoldSeconds, now }),
}: UpstreamClientDeps): UpstreamClient {
  const http = createUpstreamHttp({ maxConnections, timeoutMs, maxBodyBytes });
  const cache = new ResponseCache<ParsedAnswer>({
    maxEntries: cacheMaxEntries,
    maxBytes: cacheMaxBytes,
    now,
  });
  const flights = new SharedFlights<Fetched>();
  const { holds, budget } = state;
  const breaker = new UpstreamBreaker({
    failuresToOpen: breakerFailures,
    halfOpenAfterMs: BREAKER_DEFAULTS.halfOpenAfterMs,
    // The others refuse while this instance waits to probe, and while its probe is out.
    onChange: (circuit) => {
      if (circuit === 'closed') void state.breaker.closed();
      else {
        const forMs =
          circuit === 'open' ? BREAKER_DEFAULTS.halfOpenAfterMs : timeoutMs + CLAIM_SLACK_MS;
        void state.breaker.opened(forMs);
      }
    },
  });

  /** This instance's open circuit, else one another instance opened. */
  async function breakerRefusal(): Promise<number | undefined> {
    return breaker.refusalSeconds() ?? (await state.breaker.refusalSeconds());
  }
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

  /** Only a call that will be made spends budget; a refused one gives back what it claimed. */
  async function admit({ token, priority, allowance }: Spender): Promise<Admission> {
    const byToken = tokenKey(token);
    // Claimed before any await, so callers in the same tick find the probe taken.
    const circuit = breaker.admit();
    const shut =
      'refusedSeconds' in circuit ? circuit.refusedSeconds : await state.breaker.refusalSeconds();
    const releaseCircuit = 'release' in circuit ? circuit.release : () => undefined;
    if (shut !== undefined) {
      releaseCircuit();
      const detail = `not asked: the circuit is open for ${shut} s more`;
      return { admitted: false, refused: 'breaker', error: upstreamUnavailable(shut), detail };
    }
    const hold = await holds.admit(byToken);
    if ('heldSeconds' in hold) {
      releaseCircuit();
      const held = hold.heldSeconds;
      const detail = `not asked: the token is held for ${held} s after an upstream 429`;
      return { admitted: false, refused: 'held', error: rateLimited(held), detail };
    }
    const endProbe = () => {
      hold.release();
      releaseCircuit();
    };
    if (allowance?.spend() !== true) {
      const taken = await budget.take(byToken, priority, 1);
      if (!taken.ok) {
        endProbe();
        const error = quotaRefused(priority, taken.retryAfterSeconds, callsPerMinute);
        const detail = `not asked: the ${priority} share of ${callsPerMinute} calls a minute is spent`;
        return { admitted: false, refused: 'quota', error, detail };
      }
    }
    return { admitted: true, endProbe };
  }

  async function send(
    url: string,
    token: string | undefined,
    giveUp: AbortSignal,
  ): Promise<HttpResult> {
    try {
      return await breaker.run(() => http.get(url, upstreamHeaders(token, authHeader), giveUp));
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
    if (result.kind === 'answer' && result.status === 200) await holds.answered(tokenKey(token));
    const reply = readResult(result, what);
    if (reply instanceof UpstreamError) {
      if (result.kind !== 'given_up') recordFailure(pathAndQuery, started, reply, result.status);
      return { ok: false, error: reply, upstreamStatus: result.status, bytes: 0 };
    }
    const heldSeconds =
      reply.status === 429
        ? await holds.hold(tokenKey(token), reply.headers.get('retry-after'))
        : 0;
    const read = readReply(
      reply,
      schema,
      what,
      token,
      { isDemo, perUserTokens, tokenSettings: sharedTokens?.settings ?? 'SP_API_TOKEN' },
      heldSeconds,
    );
    if (read.ok) {
      const value = settle === undefined ? read.value : settle(read.value);
      const { status, text } = reply;
      return {
        ok: true,
        schema,
        value,
        upstreamStatus: status,
        bytes: Buffer.byteLength(text),
        text,
      };
    }
    recordFailure(pathAndQuery, started, read.error, reply.status);
    return { ok: false, error: read.error, upstreamStatus: reply.status, bytes: 0 };
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
    const other = await answerOfAnotherInstance(key, schema, what, keepMs, settle, giveUp);
    if (other.answer !== undefined) return other.answer;
    const letGo = () => other.release?.();
    const admission = await admit(spender);
    if (!admission.admitted) {
      const { error, refused, detail } = admission;
      recordFailure(pathAndQuery, started, error, undefined, detail);
      letGo();
      return { ok: false, error, upstreamStatus: undefined, refused };
    }
    try {
      const fetched = await fetchOnce(pathAndQuery, schema, what, spender.token, settle, giveUp);
      if (fetched.ok) {
        const storedAt = now();
        cache.set(key, { schema, value: fetched.value }, fetched.bytes, keepMs, storedAt);
        await state.answers?.set(key, { text: fetched.text, storedAt }, keepMs);
      }
      return fetched;
    } finally {
      admission.endProbe();
      letGo();
    }
  }

  /**
   * Another instance's answer to the same call when it was already asking. Without one, `release`
   * is this instance's claim to ask, to be released once it has.
   */
  async function answerOfAnotherInstance<Schema extends z.ZodMiniType>(
    key: string,
    schema: Schema,
    what: Resource,
    keepMs: number,
    settle: ((value: z.infer<Schema>) => z.infer<Schema>) | undefined,
    giveUp: AbortSignal,
  ): Promise<{ answer?: Fetched; release?: () => void }> {
    const answers = state.answers;
    if (answers === null) return {};
    const release = await answers.claim(key, timeoutMs + CLAIM_SLACK_MS);
    if (release !== null) return { release };
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline && !giveUp.aborted) {
      await new Promise((resolve) => setTimeout(resolve, ANOTHER_INSTANCE_POLL_MS));
      if (!(await answers.isClaimed(key))) break;
    }
    const theirs = await answers.get(key);
    if (theirs === undefined || now() - theirs.storedAt >= keepMs) return {};
    const value = adopt(key, theirs, schema, what, keepMs, settle);
    if (value === undefined) return {};
    const { text } = theirs;
    const answer: Fetched = {
      ok: true,
      schema,
      value,
      upstreamStatus: 200,
      text,
      byAnotherInstance: true,
    };
    return { answer };
  }

  /** This instance's parsed answer, or a fresher one another instance fetched (parsed here). */
  async function reusable<Schema extends z.ZodMiniType>(
    key: string,
    schema: Schema,
    what: Resource,
    staleBy: QuotaPriority,
    reuseMs: number,
    keepMs: number,
    settle: ((value: z.infer<Schema>) => z.infer<Schema>) | undefined,
  ): Promise<{ value: z.infer<Schema>; ageMs: number } | undefined> {
    const local = cache.get(key);
    const mine =
      local !== undefined && producedBy(local.value, schema)
        ? { value: local.value.value, ageMs: local.ageMs }
        : undefined;
    if (state.answers === null) return mine;
    if (mine !== undefined && freshness(mine.ageMs, staleBy, reuseMs) === 'fresh') return mine;
    const theirs = await state.answers.get(key);
    if (theirs === undefined) return mine;
    const ageMs = now() - theirs.storedAt;
    if (mine !== undefined && mine.ageMs <= ageMs) return mine;
    const value = adopt(key, theirs, schema, what, keepMs, settle);
    return value === undefined ? mine : { value, ageMs };
  }

  /** Another instance's body, parsed at this edge and kept here; undefined when unreadable. */
  function adopt<Schema extends z.ZodMiniType>(
    key: string,
    { text, storedAt }: SharedAnswer,
    schema: Schema,
    what: Resource,
    keepMs: number,
    settle: ((value: z.infer<Schema>) => z.infer<Schema>) | undefined,
  ): z.infer<Schema> | undefined {
    const read = readBody(text, schema, what);
    if (!read.ok) return undefined;
    const value = settle === undefined ? read.value : settle(read.value);
    cache.set(key, { schema, value }, Buffer.byteLength(text), keepMs, storedAt);
    return value;
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
      const cached = await reusable(key, schema, what, staleBy, reuseMs, keepMs, settle);
      if (cached !== undefined) {
        const age = freshness(cached.ageMs, staleBy, reuseMs);
        ageMs = cached.ageMs;
        if (age === 'fresh') {
          source = 'cache';
          return cached.value;
        }
        if (age === 'stale') {
          source = 'stale';
          // Nobody waits for the refresh; if it fails or is refused, the stale answer stays.
          void flights.join(key, start({ token, priority, allowance: undefined }));
          return cached.value;
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
      if (fetched.ok && fetched.byAnotherInstance === true) source = 'shared';
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

  async function reserve<Sids, Query, Upstream, Answer>(
    source: UpstreamSource<Sids, Query, Upstream, Answer>,
    sids: Sids,
    queries: readonly Query[],
    call: UpstreamCall,
  ): Promise<QuotaAllowance> {
    const { endpoint } = source;
    const byToken = tokenKey(call.token);
    // Held or open: every call is refused alike without spending.
    if (
      (await holds.remainingSeconds(byToken)) !== undefined ||
      (await breakerRefusal()) !== undefined
    ) {
      return QuotaAllowance.none();
    }
    const reuseMs = reuseMsOf(endpoint.reuseMs, call.reuseMs);
    const staleBy = call.declaredPriority ?? call.priority;
    const paths = await Promise.all(
      queries.map(async (query) => {
        const { path, key, age } = await cachedFor(source, sids, query, call.token, {
          reuseMs,
          staleBy,
        });
        return (age !== undefined && age !== 'old') || flights.has(key) ? null : path;
      }),
    );
    const needed = paths.filter((path) => path !== null);
    const taken = await budget.take(byToken, call.priority, needed.length);
    if (taken.ok) return new QuotaAllowance(needed.length, taken.refund);
    const error = quotaRefused(call.priority, taken.retryAfterSeconds, callsPerMinute);
    const detail = `not asked: ${needed.length} calls at once exceed the ${call.priority} share of ${callsPerMinute} a minute`;
    recordFailure(needed[0] ?? endpoint.route, performance.now(), error, undefined, detail);
    call.observe?.({ source: 'quota', durationMs: 0 });
    onCall?.({ source: 'quota', durationMs: 0, endpoint: endpoint.name, priority: call.priority });
    throw error;
  }

  /** One query's answer in the cache, however old, and how fresh it is for this reuse. */
  async function cachedFor<Sids, Query, Upstream, Answer>(
    source: UpstreamSource<Sids, Query, Upstream, Answer>,
    sids: Sids,
    query: Query,
    token: string,
    { reuseMs, staleBy }: { reuseMs: number; staleBy: QuotaPriority },
  ): Promise<{
    path: string;
    key: string;
    cached: { value: Upstream; ageMs: number } | undefined;
    age: Freshness | undefined;
  }> {
    const { endpoint, upstream } = source;
    const path = endpoint.path(sids, query);
    const key = cacheKey(token, path);
    const keepMs = SERVED_STALE.has(staleBy) ? reuseMs * STALE_WINDOW_FACTOR : reuseMs;
    const settle = settleFor(source, query, path);
    const cached = await reusable(
      key,
      upstream,
      endpoint.resource,
      staleBy,
      reuseMs,
      keepMs,
      settle,
    );
    const age = cached === undefined ? undefined : freshness(cached.ageMs, staleBy, reuseMs);
    return { path, key, cached, age };
  }

  /** The endpoint's own trimming of an answer, with its notes logged under the path. */
  function settleFor<Sids, Query, Upstream, Answer>(
    { settle }: UpstreamSource<Sids, Query, Upstream, Answer>,
    query: Query,
    path: string,
  ): ((value: Upstream) => Upstream) | undefined {
    const logNote = (note: PageNote) => logPageNote(log, withoutQuery(path), note);
    return settle && ((value) => settle(value, query, logNote));
  }

  async function checkReady(token?: string, signal?: AbortSignal): Promise<UpstreamReadiness> {
    if (token !== undefined) {
      const held = await holds.remainingSeconds(tokenKey(token));
      if (held !== undefined) return notReadyRateLimited(held);
    }
    const shut = await breakerRefusal();
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
    if (status === 200) await holds.answered(tokenKey(token));
    if (status === 200 || status === 404) {
      return { ready: true, detail: 'upstream reachable, token accepted' };
    }
    if (status === 401 || status === 403) {
      return { ready: false, detail: `upstream refused the token (HTTP ${status})` };
    }
    if (status === 429) {
      const retryAfter = result.kind === 'answer' ? result.headers.get('retry-after') : null;
      return notReadyRateLimited(await holds.hold(tokenKey(token), retryAfter));
    }
    return { ready: false, detail: `upstream answered HTTP ${status}` };
  }

  /** After the upstream refused the shared token: the token to retry with, if there is another. */
  async function renewedToken(error: unknown, token: string): Promise<string | null> {
    if (!(error instanceof UpstreamError) || error.code !== 'token_refused') return null;
    return sharedTokens === undefined ? null : sharedTokens.refused(token);
  }

  return {
    async fetch(source, sids, query, call) {
      const { endpoint, upstream } = source;
      const path = endpoint.path(sids, query);
      const settle = settleFor(source, query, path);
      const ask = (asked: UpstreamCall) =>
        get(endpoint.name, path, upstream, endpoint.resource, asked, endpoint.reuseMs, settle);
      try {
        return await ask(call);
      } catch (error) {
        const renewed = await renewedToken(error, call.token);
        if (renewed === null) throw error;
        // Once: a new token refused too is answered as refused. The allowance was spent already.
        return ask({ ...call, token: renewed, allowance: undefined });
      }
    },
    reserve,
    async peek(source, sids, query, call) {
      const { endpoint } = source;
      const { cached, age } = await cachedFor(source, sids, query, call.token, {
        reuseMs: reuseMsOf(endpoint.reuseMs, call.reuseMs),
        staleBy: call.declaredPriority ?? endpoint.priority,
      });
      return age === 'fresh' ? cached : undefined;
    },
    async readState() {
      const [budgetUsed, heldTokens, shut] = await Promise.all([
        budget.used(),
        holds.heldCount(),
        breakerRefusal(),
      ]);
      // Per user, the limit is each token's: there is no one figure left for all of them.
      const budgetLimit = callsPerMinute > 0 && !perUserTokens ? callsPerMinute : Infinity;
      return { budgetUsed, budgetLimit, heldTokens, breakerOpen: shut !== undefined };
    },
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

function upstreamHeaders(
  token: string | undefined,
  authHeader: AuthHeader,
): Record<string, string> {
  // Fresh, so nothing of the browser's goes upstream; only encodings the body cap can count.
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-encoding': 'gzip, identity',
  };
  if (token !== undefined && authHeader === 'bearer') headers.authorization = `Bearer ${token}`;
  else if (token !== undefined) headers.token = token;
  return headers;
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
  {
    isDemo,
    perUserTokens,
    tokenSettings,
  }: { isDemo: boolean; perUserTokens: boolean; tokenSettings: string },
  /** The token's hold after a 429. */
  heldSeconds: number,
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
        `The ${API} refused the server's API token when asked for ${what.phrase}. Ask an administrator to check ${tokenSettings}.`,
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
  if (status === 429) return failed(rateLimited(heldSeconds));
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
