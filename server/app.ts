import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Handler, type MiddlewareHandler } from 'hono';
import type { Store } from 'hono-rate-limiter';
import { HTTPException } from 'hono/http-exception';
import { every } from 'hono/combine';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import { routePath } from 'hono/route';
import { API_SOURCES } from '#src/api/contract/endpoints.ts';
import { API_PREFIX } from '#src/api/contract/routes.ts';
import { SIGN_IN_ACTION, SIGN_OUT_ACTION } from '#src/api/contract/sign-in.ts';
import {
  SERVER_INFO_PATH,
  type AccessInfo,
  type DemoLink,
  type ServerInfo,
} from '#src/api/contract/server-info.ts';
import { DEFAULT_WAIT_POLICY, type WaitPolicy } from '#src/api/contract/wait-policy.ts';
import {
  sharedToken,
  tokenForRequest,
  type Access,
  type TokenLookup,
} from '#server/auth/access.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import { apiErrorResponse } from '#server/http/api-error.ts';
import { createAuthRoutes, createOidcRoutes } from '#server/auth/routes.ts';
import {
  accessLog,
  apiRateLimit,
  excerpt,
  hostAllowlist,
  requestBounds,
  securityHeaders,
} from '#server/http/guards.ts';
import { proxyTrust, type TrustedProxies } from '#server/http/client-address.ts';
import { inlineScriptHashes } from '#server/http/inline-scripts.ts';
import { logToStderr, type Log } from '#server/http/log.ts';
import { exposeMetrics, METRICS_PATH, type Metrics } from '#server/metrics/metrics.ts';
import { createPageHandler, type PageRendering } from '#server/rendering/page-renderer.ts';
import { endpointRoute } from '#server/routes/endpoint-route.ts';
import type { SharedStateHealth } from '#server/shared-state/shared-state.ts';
import type { UpstreamClient } from '#server/upstream/client.ts';
import { tokenKey } from '#server/upstream/token-key.ts';

export interface AppDeps {
  upstream: UpstreamClient;
  access: Access;
  /** The built web app (dist/). Without it only /api is served, as in tests and behind Vite. */
  distDir?: string;
  /** Given only in demo mode: their presence is what makes the server report mode "demo". */
  demoLinks?: DemoLink[];
  demoToken?: () => string;
  pages?: { rendering: PageRendering; budgetMs: number };
  waitPolicy?: WaitPolicy;
  log?: Log;
  guards?: Guards;
  /** Aborted on shutdown once the requests in flight are done: pending log summaries are written. */
  closed?: AbortSignal;
  /** Whether the state instances share is in use, for /readyz. */
  sharedStateHealth?: () => SharedStateHealth;
  /** Counts requests and page renders; with `token`, /metrics answers here to that bearer token. */
  metrics?: { series: Metrics; token?: string };
}

export interface Guards {
  https: boolean;
  hosts?: Parameters<typeof hostAllowlist>[0];
  rateLimitPerMinute: number;
  /** TRUST_PROXY; unset trusts no proxy. */
  trustProxy?: TrustedProxies | null;
  /** The rate limit's counts: in this instance's memory unless given. */
  rateLimitStore?: Store<ApiEnv>;
}

const NO_GUARDS: Guards = { https: false, rateLimitPerMinute: 0 };
const FORM_PATHS: Record<Access['mode'], ReadonlySet<string>> = {
  shared: new Set(),
  user: new Set([SIGN_IN_ACTION, SIGN_OUT_ACTION]),
  oidc: new Set([SIGN_OUT_ACTION]),
};

type SignInMessages = Record<
  Exclude<TokenLookup, { ok: true } | { code: 'token_unavailable' }>['code'],
  string
>;

const TOKEN_SIGN_IN_MESSAGES: SignInMessages = {
  sign_in_required: 'Sign in with your SmarterProctoring token to see sessions.',
  session_expired: 'Your SmarterProctoring token has expired. Sign in again with a current one.',
};

const OIDC_SIGN_IN_MESSAGES: SignInMessages = {
  sign_in_required: "Sign in with your institution's account to see sessions.",
  session_expired: 'Your sign-in has ended. Sign in again to go on.',
};

const READINESS_TTL_MS = 10_000;

function cachedReadiness(
  check: () => Promise<{ ready: boolean; detail: string }>,
): () => Promise<{ ready: boolean; detail: string }> {
  let last: { at: number; answer: Promise<{ ready: boolean; detail: string }> } | null = null;
  return () => {
    if (last === null || performance.now() - last.at > READINESS_TTL_MS) {
      last = { at: performance.now(), answer: check() };
    }
    return last.answer;
  };
}

export function createApp({
  upstream,
  access,
  distDir,
  demoLinks,
  demoToken,
  pages,
  log = logToStderr,
  guards = NO_GUARDS,
  closed,
  waitPolicy = DEFAULT_WAIT_POLICY,
  sharedStateHealth = () => 'memory',
  metrics,
}: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const trustProxy = proxyTrust(guards.trustProxy ?? null);

  app.use(
    accessLog(log, closed, trustProxy),
    securityHeaders({
      https: guards.https,
      scriptHashes: templateScriptHashes(distDir, pages?.rendering),
      // Sign-out's form post is answered with a redirect to the provider's end-session page.
      formTargets: access.mode === 'oidc' ? [access.sessions.issuerOrigin] : [],
    }),
  );
  if (metrics !== undefined) app.use(metrics.series.countRequests);
  // Outside every route, the 304s and the error answers too: a renewed session's cookie is never lost.
  if (access.mode === 'oidc') app.use(access.sessions.keepCookies);
  // Before the Host check: a scraper asks each instance by its address, and the token guards it.
  if (metrics?.token !== undefined) {
    app.get(METRICS_PATH, exposeMetrics(metrics.series, metrics.token));
  }
  if (guards.hosts !== undefined) app.use(hostAllowlist(guards.hosts));
  app.use(requestBounds(FORM_PATHS[access.mode]));

  app.get('/healthz', (c) => c.json({ ok: true }));
  const readiness = cachedReadiness(async () => {
    if (access.mode !== 'shared') return upstream.checkReady();
    const lookup = await sharedToken(access.tokens);
    if (lookup.ok) return upstream.checkReady(lookup.token);
    return { ready: false, detail: lookup.error.detail ?? lookup.error.message };
  });
  app.get('/readyz', async (c) => {
    const { ready, detail } = await readiness();
    const sharedState = sharedStateHealth();
    // Degraded still serves (from this instance's memory): taking it out of the pool would not help.
    const sharedDetail =
      sharedState === 'degraded'
        ? '; shared state degraded: REDIS_URL is not answering, this instance uses its own memory'
        : '';
    return c.json({ ready, detail: `${detail}${sharedDetail}`, sharedState }, ready ? 200 : 503, {
      'Cache-Control': 'no-store',
    });
  });

  if (access.mode === 'user')
    app.route('/', createAuthRoutes(access.sessions, guards.hosts?.publicUrl ?? null));
  if (access.mode === 'oidc')
    app.route('/', createOidcRoutes(access.sessions, guards.hosts?.publicUrl ?? null));

  // See docs/decisions/http-caching.md.
  app.use('/api/*', async (c, next) => {
    await next();
    // A 304 keeps the reuse its 200 had.
    if (c.res.status >= 400 || !c.res.headers.has('Cache-Control')) {
      c.header('Cache-Control', 'no-store');
    }
    // A browser shared by staff who sign in and out must not hand one's answers to the next.
    if (access.mode !== 'shared') c.header('Vary', 'Cookie', { append: true });
  });
  app.use('/api/*', varyOnAcceptEncoding(), etag(), compress());
  if (guards.rateLimitPerMinute > 0) {
    app.use(
      '/api/*',
      apiRateLimit({
        perMinute: guards.rateLimitPerMinute,
        trustProxy,
        store: guards.rateLimitStore,
        // Signed-in staff are counted one by one, however many share a proxy.
        ...(access.mode !== 'shared'
          ? {
              userKey: async (c) => {
                const lookup = await tokenForRequest(access, c);
                // With oidc the token changes at each renewal; the account does not.
                return lookup.ok ? (lookup.account?.key ?? tokenKey(lookup.token)) : null;
              },
            }
          : {}),
      }),
    );
  }

  const serverInfo = (lookup: TokenLookup): ServerInfo => {
    const expiresAt = lookup.ok ? (lookup.expiresAt?.toISOString() ?? null) : null;
    const accessInfo: AccessInfo =
      access.mode === 'shared'
        ? { mode: 'shared' }
        : access.mode === 'user'
          ? { mode: 'user', signedIn: lookup.ok, expiresAt }
          : {
              mode: 'oidc',
              signedIn: lookup.ok,
              name: lookup.ok ? (lookup.account?.name ?? null) : null,
              expiresAt,
              provider: access.sessions.provider,
            };
    if (demoLinks === undefined) return { mode: 'upstream', access: accessInfo, waitPolicy };
    return {
      mode: 'demo',
      demoLinks,
      access: accessInfo,
      waitPolicy,
      // Fresh for each visit to the sign-in page, so it always has hours left.
      ...(access.mode === 'user' && !lookup.ok ? { demoToken: demoToken?.() } : {}),
    };
  };

  app.get(SERVER_INFO_PATH, async (c) => c.json(serverInfo(await tokenForRequest(access, c))));

  // See docs/decisions/api-validated-mirror.md and endpoints-as-data.md.
  app.use(`${API_PREFIX}/v1/*`, async (c, next) => {
    const lookup = await tokenForRequest(access, c);
    if (!lookup.ok && lookup.code === 'token_unavailable') {
      const { status, code, message } = lookup.error;
      return apiErrorResponse(c, status, code, message);
    }
    if (!lookup.ok) {
      const messages = access.mode === 'oidc' ? OIDC_SIGN_IN_MESSAGES : TOKEN_SIGN_IN_MESSAGES;
      return apiErrorResponse(c, 401, lookup.code, messages[lookup.code]);
    }
    c.set('token', lookup.token);
    return next();
  });
  for (const source of API_SOURCES) {
    source((declared) => app.get(declared.endpoint.apiRoute, endpointRoute(declared, upstream)));
  }

  // So no other path or method can reach the upstream. HEAD runs the GET route, its body dropped.
  app.all('/api/*', (c) =>
    apiErrorResponse(
      c,
      404,
      'route_not_found',
      c.req.method === 'GET' || c.req.method === 'HEAD'
        ? `There is no API route at ${excerpt(c.req.path, 120)}.`
        : `There is no API route for ${c.req.method} ${excerpt(c.req.path, 120)}.`,
    ),
  );

  if (distDir !== undefined) {
    const renderPage =
      pages === undefined
        ? undefined
        : createPageHandler({
            ...pages,
            upstream,
            access,
            serverInfo,
            log,
            onRender: metrics?.series.countRender,
          });
    serveWebApp(app, distDir, renderPage);
  }

  app.onError((error, c) => {
    // Middleware that refuses on purpose (the sign-in forms' CSRF check) throws its answer.
    if (error instanceof HTTPException) return error.getResponse();
    log('unexpected error', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: routePath(c),
      error: error.stack ?? error.message,
    });
    return apiErrorResponse(
      c,
      500,
      'internal_error',
      'Something went wrong inside the dashboard server. Try again; if it keeps happening, tell an administrator.',
    );
  });

  return app;
}

/**
 * Read once from the HTML this app serves (the rendering template, the index.html it came from),
 * so the policy allows exactly the scripts sent: see docs/decisions/theme-before-first-paint.md.
 */
function templateScriptHashes(
  distDir: string | undefined,
  rendering: PageRendering | undefined,
): string[] {
  const indexPath = distDir === undefined ? undefined : join(distDir, 'index.html');
  const templates = [
    rendering?.template,
    indexPath !== undefined && existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : undefined,
  ];
  return [
    ...new Set(templates.flatMap((html) => (html === undefined ? [] : inlineScriptHashes(html)))),
  ];
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Dashboard not built</title>
<h1>The dashboard has not been built yet</h1>
<p>Run <code>npm run build</code>, then start the server again. The API under /api works meanwhile.</p>
</html>`;

// See docs/decisions/http-caching.md; the .br and .gz siblings come from scripts/compress-client.js.
function serveWebApp(app: Hono<ApiEnv>, distDir: string, renderPage?: Handler): void {
  if (!existsSync(join(distDir, 'index.html'))) {
    app.get('*', (c) => c.html(NOT_BUILT_PAGE, 503));
    return;
  }
  app.use(
    '/assets/*',
    cacheControl(() => 'public, max-age=31536000, immutable'),
    varyOnAcceptEncoding((response) => response.ok),
    serveStatic({ root: distDir, precompressed: true }),
  );
  app.get('/assets/*', (c) => c.text('Not found', 404));
  const builtFile = (path?: string): MiddlewareHandler[] => [
    etag(),
    cacheControl((response) =>
      response.headers.get('content-type')?.startsWith('text/html')
        ? 'no-cache'
        : 'public, max-age=3600',
    ),
    varyOnAcceptEncoding((response) => response.ok),
    serveStatic({ root: distDir, precompressed: true, ...(path === undefined ? {} : { path }) }),
  ];
  // The build's own top-level files, and "/" (its index.html), are served as they are. Looked up by
  // name, not routed: a file name is not a route pattern, and the routes stay "/*" in the metrics.
  const builtPaths = new Set([
    '/',
    ...readdirSync(distDir, { withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((file) => `/${file.name}`),
  ]);
  const serveBuiltFile: MiddlewareHandler<ApiEnv> = every(...builtFile());
  const serveBuiltFiles: MiddlewareHandler<ApiEnv> = (c, next) =>
    builtPaths.has(c.req.path) ? serveBuiltFile(c, next) : next();
  app.use('*', serveBuiltFiles);
  // Every other path is a client route: rendered on the server when it can be (streamed, so no
  // ETag: see docs/decisions/head-before-rows.md), else the shell.
  if (renderPage === undefined) app.use('*', ...builtFile('index.html'));
  else app.get('*', renderPage);
}

/**
 * serveStatic says Vary only when it picked a compressed file, compress() only to GET: the plain
 * answer varies too, and HEAD answers with GET's headers.
 */
function varyOnAcceptEncoding(
  when: (response: Response) => boolean = () => true,
): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const vary = c.res.headers.get('vary') ?? '';
    if (when(c.res) && !/(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary)) {
      c.header('Vary', 'Accept-Encoding', { append: true });
    }
  };
}

function cacheControl(choose: (response: Response) => string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.ok && !c.res.headers.has('Cache-Control')) {
      c.header('Cache-Control', choose(c.res));
    }
  };
}
