// See docs/decisions/request-guards.md.
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { routePath } from 'hono/route';
import { rateLimiter, type Store } from 'hono-rate-limiter';
import type { ApiErrorCode } from '#src/api/contract/errors.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import { apiErrorResponse } from '#server/http/api-error.ts';
import { clientAddress, proxyTrust, type ProxyTrust } from '#server/http/client-address.ts';
import type { Log, LogFields } from '#server/http/log.ts';
import { createRepeatLog } from '#server/http/repeat-log.ts';
import { whenAnswered } from '#server/http/streamed-html.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Answers a flood repeats: our own limit, the upstream's, a spent quota, an open breaker. */
const SUMMARISED_CODES: ReadonlySet<ApiErrorCode> = new Set([
  'too_many_requests',
  'rate_limited',
  'quota_spent',
  'quota_held_back',
  'upstream_unavailable',
]);
const SUMMARISED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

type RequestLine = LogFields & { status: number; code?: ApiErrorCode };
type FloodLine = RequestLine & { code: ApiErrorCode };

/**
 * Logs the route pattern, never the path: paths carry sids. Answers that come in floods are
 * summarised per status and code; `closed` writes the summaries still counting.
 */
export function accessLog(
  log: Log,
  closed?: AbortSignal,
  trustProxy: ProxyTrust = proxyTrust(null),
): MiddlewareHandler<ApiEnv> {
  const repeats = createRepeatLog<FloodLine>(log, {
    kindOf: (line) => `${line.status} ${line.code}`,
    line: (line) => ({ message: 'request', fields: line }),
    summary: (first, count, windowMs) => ({
      message: `request answered ${first.status} ${first.code} repeated ${count} more times in the last ${windowMs / 1000} s`,
      fields: {
        event: 'request_summary',
        status: first.status,
        code: first.code,
        count,
        windowMs,
      },
    }),
  });
  closed?.addEventListener('abort', () => repeats.flush(), { once: true });
  return async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    try {
      await next();
    } finally {
      c.header(REQUEST_ID_HEADER, requestId);
      // Read now: once a browser has left, its socket no longer says where it was.
      const asked = {
        method: c.req.method,
        route: routePath(c),
        client: clientAddress(c, trustProxy),
      };
      // A streamed page is logged once whole, with the upstream call its rows waited for.
      whenAnswered(c, () => writeLine(asked));
    }

    function writeLine(asked: Pick<RequestLine, 'method' | 'route' | 'client'>) {
      const upstream = c.get('upstream');
      const code = c.get('errorCode');
      const line: RequestLine = {
        requestId,
        ...asked,
        status: c.res.status,
        code,
        durationMs: Math.round(performance.now() - started),
        upstream: upstream?.source,
        upstreamStatus: upstream?.upstreamStatus,
        upstreamMs: upstream === undefined ? undefined : Math.round(upstream.durationMs),
      };
      if (
        code !== undefined &&
        SUMMARISED_CODES.has(code) &&
        SUMMARISED_STATUSES.has(line.status)
      ) {
        repeats.record({ ...line, code });
      } else {
        log('request', line);
      }
    }
  };
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Against DNS rebinding: a rebound page sends its own name as Host and gets 421. */
export function hostAllowlist({
  port,
  publicUrl,
}: {
  /** Read per request: PORT=0 is known only once listening. */
  port: () => number;
  publicUrl: URL | null;
}): MiddlewareHandler {
  return async (c, next) => {
    const { host, hostname, port: requestPort } = new URL(c.req.url);
    const effectivePort = requestPort === '' ? 80 : Number(requestPort);
    const allowed =
      (LOOPBACK_NAMES.has(hostname) && effectivePort === port()) ||
      (publicUrl !== null && host === publicUrl.host);
    if (!allowed) {
      return c.text(
        `This server does not answer for the host "${excerpt(host)}". If this is its public address, set PUBLIC_URL.`,
        421,
      );
    }
    return next();
  };
}

/** A canonical list URL is a few hundred characters. */
export const MAX_URL_LENGTH = 2048;

/** `postPaths` are the only paths that take POST (the sign-in forms). */
export function requestBounds(postPaths: ReadonlySet<string>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (url.pathname.length + url.search.length > MAX_URL_LENGTH) {
      return apiErrorResponse(
        c,
        414,
        'uri_too_long',
        `This address is longer than the ${MAX_URL_LENGTH} characters the server reads. Check the link you were sent.`,
      );
    }
    const allow = postPaths.has(url.pathname) ? ['POST'] : ['GET', 'HEAD'];
    if (!allow.includes(c.req.method)) {
      return apiErrorResponse(
        c,
        405,
        'method_not_allowed',
        `${excerpt(c.req.method)} is not allowed here; use ${allow.join(' or ')}.`,
        undefined,
        { Allow: allow.join(', ') },
      );
    }
    return next();
  };
}

export function securityHeaders({
  https,
  scriptHashes = [],
  formTargets = [],
}: {
  https: boolean;
  /** The template's own inline scripts as 'sha256-…' (inlineScriptHashes): no other inline runs. */
  scriptHashes?: readonly string[];
  /** Origins besides ours a form post may end up at, through the redirect that answers it. */
  formTargets?: readonly string[];
}): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...scriptHashes],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'", ...formTargets],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      // The copy buttons write; tests read copies back (reading asks the user first).
      clipboardWrite: ['self'],
      clipboardRead: ['self'],
    },
  });
}

export interface ApiRateLimitOptions {
  perMinute: number;
  trustProxy: ProxyTrust;
  /** With per-user sign-in: the signed-in user's key (never the token), null without a session. */
  userKey?: (c: Context<ApiEnv>) => Promise<string | null>;
  /** Where the counts live: hono-rate-limiter's memory store (per instance) unless given. */
  store?: Store<ApiEnv>;
}

type LimitedBy = 'user' | 'address';

/** Per signed-in user when `userKey` finds one, else per client address. */
export function apiRateLimit({
  perMinute,
  trustProxy,
  userKey,
  store,
}: ApiRateLimitOptions): MiddlewareHandler<ApiEnv> {
  // What each request was counted by, for its 429's wording.
  const limitedBy = new WeakMap<Context<ApiEnv>, LimitedBy>();
  return rateLimiter<ApiEnv>({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    store,
    keyGenerator: async (c) => {
      const user = (await userKey?.(c)) ?? null;
      limitedBy.set(c, user === null ? 'address' : 'user');
      // One shared key where there is no socket (requests made in tests).
      return user === null
        ? `address:${clientAddress(c, trustProxy) ?? 'unknown'}`
        : `user:${user}`;
    },
    handler: (c) => {
      const reset = c.get('rateLimit')?.resetTime;
      const seconds =
        reset === undefined ? 60 : Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000));
      const limited =
        limitedBy.get(c) === 'user'
          ? `You have made more than ${perMinute} requests to the dashboard in a minute.`
          : `More than ${perMinute} requests came from your network address in a minute (everyone behind the same proxy counts together).`;
      return apiErrorResponse(
        c,
        429,
        'too_many_requests',
        `${limited} Try again in ${seconds} seconds.`,
        seconds,
      );
    },
  });
}

/** A short, printable excerpt of what a client sent, for a message that repeats it. */
export function excerpt(value: string, max = 40): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}
