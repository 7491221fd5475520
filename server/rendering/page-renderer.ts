/**
 * Server rendering of dashboard pages: the list page's rows are fetched through the same
 * upstream client as /api and rendered into the first HTML, within a short budget so a slow
 * upstream never holds the page back (past it, the page ships with its skeleton and the browser
 * fetches as usual). The token never enters the page: only the data our /api would answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'hono';
import { pageDataScript, type PageData, type PageRenderer } from '#src/api/contract/page-data.ts';
import type { ServerInfo } from '#src/api/contract/server-info.ts';
import {
  sessionListEndpoint,
  sessionListSource,
  type UpstreamSessionList,
} from '#src/api/contract/session-list.ts';
import { PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { signInPath } from '#src/api/contract/sign-in.ts';
import { tokenFor, type Access, type TokenLookup } from '#server/auth/access.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import type { Log } from '#server/http/log.ts';
import type { UpstreamClient } from '#server/upstream/client.ts';

/** The empty root the built index.html has, and the app's HTML goes into. */
const ROOT_ELEMENT = '<div id="root"></div>';

export interface PageRendering {
  template: string;
  renderer: PageRenderer;
}

function isPageRenderer(value: unknown): value is PageRenderer {
  return (
    typeof value === 'object' &&
    value !== null &&
    'planListPage' in value &&
    typeof value.planListPage === 'function' &&
    'renderPage' in value &&
    typeof value.renderPage === 'function'
  );
}

/**
 * The built template and server renderer, or null when either is missing (not built yet): pages
 * are then served as a plain single-page app.
 */
export async function loadPageRendering(
  clientDir: string,
  ssrEntry: string,
): Promise<PageRendering | null> {
  const templatePath = join(clientDir, 'index.html');
  if (!existsSync(templatePath) || !existsSync(ssrEntry)) return null;
  const template = readFileSync(templatePath, 'utf8');
  if (!template.includes(ROOT_ELEMENT)) {
    throw new Error(`${templatePath} has no ${ROOT_ELEMENT} to render into.`);
  }
  const module: unknown = await import(pathToFileURL(ssrEntry).href);
  const renderer =
    typeof module === 'object' && module !== null && 'pageRenderer' in module
      ? module.pageRenderer
      : undefined;
  if (!isPageRenderer(renderer)) throw new Error(`${ssrEntry} does not export a pageRenderer.`);
  return { template, renderer };
}

export interface PageHandlerDeps {
  rendering: PageRendering;
  upstream: UpstreamClient;
  access: Access;
  /** What the page is told about the server, which in per-user mode depends on who asks. */
  serverInfo: (lookup: TokenLookup) => ServerInfo;
  /** How long the page may wait for the upstream before it ships without rows. */
  budgetMs: number;
  log: Log;
}

/**
 * The rows if the upstream answers within the budget; otherwise (or on any failure) null. Past
 * the budget the call is given up, since the browser is about to make the same one itself.
 */
async function withinBudget(
  request: (signal: AbortSignal) => Promise<UpstreamSessionList>,
  budgetMs: number,
  disconnected: AbortSignal,
): Promise<UpstreamSessionList | null> {
  const giveUp = new AbortController();
  disconnected.addEventListener('abort', () => giveUp.abort(), { once: true });
  const timer = setTimeout(() => giveUp.abort(), budgetMs);
  const late = new Promise<null>((resolve) => {
    giveUp.signal.addEventListener('abort', () => resolve(null), { once: true });
  });
  // A failure is the browser's to show: it asks again and gets the readable error state.
  const settled = request(giveUp.signal).catch(() => null);
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createPageHandler({
  rendering,
  upstream,
  access,
  serverInfo,
  budgetMs,
  log,
}: PageHandlerDeps) {
  return async (c: Context<ApiEnv>): Promise<Response> => {
    const url = new URL(c.req.url);
    const lookup = await tokenFor(access, c.req.raw);
    // Per-user mode: every page but sign-in needs a signed-in user, who comes back here after.
    if (!lookup.ok && url.pathname !== PAGE_ROUTES.signIn) {
      return c.redirect(
        signInPath(
          `${url.pathname}${url.search}`,
          lookup.code === 'session_expired' ? 'expired' : undefined,
        ),
        303,
      );
    }
    const data: PageData = { serverInfo: serverInfo(lookup) };
    // HEAD is answered by this GET handler too; its body is dropped, so it costs no upstream call.
    // A budget of 0 means never wait, so nothing is asked either.
    const plan =
      c.req.method === 'HEAD' || budgetMs === 0 ? null : rendering.renderer.planListPage(url);
    if (plan !== null && lookup.ok) {
      const { token } = lookup;
      const list = await withinBudget(
        (signal) =>
          upstream.fetch(sessionListSource, plan.sids, plan.query, {
            token,
            signal,
            observe: (observation) => c.set('upstream', observation),
          }),
        budgetMs,
        c.req.raw.signal,
      );
      if (list !== null) {
        data.sessionList = {
          apiPath: sessionListEndpoint.apiPath(plan.sids, plan.query),
          response: sessionListSource.toAnswer(list, plan.sids, plan.query),
        };
      }
    }
    let html: string;
    try {
      html = await rendering.renderer.renderPage(url, data);
    } catch (error) {
      // The page still works as a single-page app; the bug is for the log.
      log(
        `Server rendering failed for ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return c.html(rendering.template, 200, { 'Cache-Control': 'no-cache' });
    }
    // A function, so that "$&" or "$'" in the page's text is never read as a replacement pattern.
    const page = rendering.template.replace(
      ROOT_ELEMENT,
      () => `<div id="root">${html}</div>${pageDataScript(data)}`,
    );
    // The page holds a learner's data: no cache may keep it.
    return c.html(page, 200, { 'Cache-Control': 'no-store' });
  };
}
