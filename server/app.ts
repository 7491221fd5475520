import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { SERVER_INFO_PATH, type DemoLink, type ServerInfo } from '#src/api/contract/server-info.ts';
import { apiErrorResponse } from '#server/api-error.ts';
import { logToStderr, type Log } from '#server/log.ts';
import { createSessionsRoutes } from '#server/sessions-routes.ts';
import type { UpstreamClient } from '#server/upstream.ts';

export interface AppDeps {
  upstream: UpstreamClient;
  /** The built web app (dist/). Without it only /api is served, as in tests and behind Vite. */
  distDir?: string;
  /** Given only in demo mode; their presence is what makes the server report mode "demo". */
  demoLinks?: DemoLink[];
  /** Receives unexpected errors; defaults to stderr. */
  log?: Log;
}

/** The whole server as a Hono app, without a listener, so tests can call `app.request()`. */
export function createApp({ upstream, distDir, demoLinks, log = logToStderr }: AppDeps): Hono {
  const app = new Hono();

  // Answers change with the upstream and may be about people; no cache should keep them.
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  const serverInfo: ServerInfo =
    demoLinks === undefined ? { mode: 'upstream' } : { mode: 'demo', demoLinks };

  app.get('/api/health', (c) => c.json({ ok: true, mode: serverInfo.mode }));

  // Tells every page whether it shows demo data, and where the demo starts.
  app.get(SERVER_INFO_PATH, (c) => c.json(serverInfo));

  // Hono routes HEAD to the GET handler, which would call the upstream for nothing.
  app.use('/api/*', async (c, next) =>
    c.req.method === 'HEAD'
      ? apiErrorResponse(404, 'route_not_found', `There is no API route for HEAD ${c.req.path}.`)
      : next(),
  );

  app.route('/', createSessionsRoutes(upstream, log));

  // Everything else under /api ends here, so no other path or method can reach the upstream.
  app.all('/api/*', (c) =>
    apiErrorResponse(
      404,
      'route_not_found',
      c.req.method === 'GET'
        ? `There is no API route at ${c.req.path}.`
        : `There is no API route for ${c.req.method} ${c.req.path}.`,
    ),
  );

  if (distDir !== undefined) serveWebApp(app, distDir);

  app.onError((error, c) => {
    log(`Unexpected error on ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return apiErrorResponse(
      500,
      'internal_error',
      'Something went wrong inside the dashboard server. Try again; if it keeps happening, tell an administrator.',
    );
  });

  return app;
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Dashboard not built</title>
<h1>The dashboard has not been built yet</h1>
<p>Run <code>npm run build</code>, then start the server again. The API under /api works meanwhile.</p>
</html>`;

/**
 * Hashed files under assets/ never change, so browsers may keep them for a year. HTML (index.html,
 * which serves every client route) names the current hashes, so it is revalidated every time.
 */
function serveWebApp(app: Hono, distDir: string): void {
  if (!existsSync(join(distDir, 'index.html'))) {
    app.get('*', (c) => c.html(NOT_BUILT_PAGE, 503));
    return;
  }
  app.use(
    '/assets/*',
    cacheControl(() => 'public, max-age=31536000, immutable'),
    serveStatic({ root: distDir }),
  );
  // A missing hashed file is a stale page asking for an old build: answering HTML would break it.
  app.get('/assets/*', (c) => c.text('Not found', 404));
  app.use(
    '*',
    cacheControl((response) =>
      response.headers.get('content-type')?.startsWith('text/html')
        ? 'no-cache'
        : 'public, max-age=3600',
    ),
    serveStatic({ root: distDir }),
  );
  app.get('*', serveStatic({ root: distDir, path: 'index.html' }));
}

/** Sets Cache-Control on the successful answers of the handlers after it. */
function cacheControl(choose: (response: Response) => string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.ok) c.header('Cache-Control', choose(c.res));
  };
}
