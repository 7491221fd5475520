// See docs/decisions/server-rendering-budget.md. The token never enters the page.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'hono';
import {
  pageDataScript,
  pageStatusSchema,
  renderedPageSchema,
  type PageStatus,
  type PageData,
  type PageRenderer,
} from '#src/api/contract/page-data.ts';
import type { ServerInfo } from '#src/api/contract/server-info.ts';
import { sessionListEndpoint, sessionListSource } from '#src/api/contract/session-list.ts';
import { PAGE_ROUTES } from '#src/api/contract/routes.ts';
import { signInPath } from '#src/api/contract/sign-in.ts';
import { tokenFor, type Access, type TokenLookup } from '#server/auth/access.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import type { Log } from '#server/http/log.ts';
import { streamHtml } from '#server/http/streamed-html.ts';
import { listPageAnswers } from '#server/rendering/list-page-answers.ts';
import type { UpstreamClient, UpstreamObservation } from '#server/upstream/client.ts';

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
    'pageStatus' in value &&
    typeof value.pageStatus === 'function' &&
    'renderPage' in value &&
    typeof value.renderPage === 'function'
  );
}

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
  budgetMs: number;
  log: Log;
  /** Called once per rendered page (not per redirect), for the metrics. */
  onRender?: (outcome: RenderOutcome) => void;
}

/**
 * with_rows: the list came within the budget. past_budget, list_failed (failed or refused): the
 * skeleton ships. no_wait: nothing to wait for (not a list page, HEAD, a budget of 0, nobody
 * signed in). render_failed: the renderer threw and the bare template ships.
 */
export const RENDER_OUTCOMES = [
  'with_rows',
  'past_budget',
  'list_failed',
  'no_wait',
  'render_failed',
] as const;
export type RenderOutcome = (typeof RENDER_OUTCOMES)[number];

/**
 * Past the budget the call stays in flight: the browser's own request for the view joins it or
 * finds its answer cached, so the view costs one upstream call.
 */
async function withinBudget<T>(
  pending: Promise<T>,
  budgetMs: number,
): Promise<{ value: T } | { missed: 'past_budget' | 'list_failed' }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<{ missed: 'past_budget' }>((resolve) => {
    timer = setTimeout(() => resolve({ missed: 'past_budget' }), budgetMs);
  });
  try {
    return await Promise.race([
      pending.then(
        (value) => ({ value }),
        () => ({ missed: 'list_failed' as const }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A renderer's failure for the log: its stack where it has one. */
function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function createPageHandler({
  rendering,
  upstream,
  access,
  serverInfo,
  budgetMs,
  log,
  onRender,
}: PageHandlerDeps) {
  const rootAt = rendering.template.indexOf(ROOT_ELEMENT);
  const head = rendering.template.slice(0, rootAt);
  const afterRoot = rendering.template.slice(rootAt + ROOT_ELEMENT.length);

  /** The page and its data after the list came or the budget passed: what follows the head. */
  async function renderRoot(
    url: URL,
    lookup: TokenLookup,
    method: string,
    observe: (observation: UpstreamObservation) => void,
  ): Promise<string> {
    const data: PageData = { serverInfo: serverInfo(lookup) };
    // HEAD's body is dropped, and a budget of 0 never waits: neither asks the upstream.
    const plan = method === 'HEAD' || budgetMs === 0 ? null : rendering.renderer.planListPage(url);
    let outcome: RenderOutcome = 'no_wait';
    if (plan !== null && lookup.ok) {
      // No signal: only the client's timeout or shutdown ends the call, never the budget or a
      // disconnect. The upstream has counted it already; its answer is what the browser asks next.
      const list = await withinBudget(
        upstream.fetch(sessionListSource, plan.sids, plan.query, {
          token: lookup.token,
          priority: 'rows',
          observe,
        }),
        budgetMs,
      );
      if ('value' in list) {
        const response = sessionListSource.toAnswer(list.value, plan.sids, plan.query);
        data.sessionList = {
          apiPath: sessionListEndpoint.apiPath(plan.sids, plan.query),
          response,
        };
        // Never more than the render budget again, should the shared store be slow.
        const answers = await withinBudget(
          listPageAnswers(upstream, lookup.token, plan.sids, plan.query, response, log),
          budgetMs,
        );
        data.pageAnswers = 'value' in answers ? answers.value : [];
        outcome = 'with_rows';
      } else {
        outcome = list.missed;
      }
    }
    const { html } = renderedPageSchema.parse(await rendering.renderer.renderPage(url, data));
    onRender?.(outcome);
    return `<div id="root">${html}</div>${pageDataScript(data)}`;
  }

  /** A renderer bug answers 200 with the page, as a failed render does, not a 500. */
  function statusOf(url: URL): PageStatus {
    try {
      const status = pageStatusSchema.safeParse(rendering.renderer.pageStatus(url));
      if (status.success) return status.data;
      log(`The page renderer gave no valid status for ${url.pathname}.`);
    } catch (error) {
      log(`The page renderer failed to give a status for ${url.pathname}: ${errorText(error)}`);
    }
    return 200;
  }

  /** Never rejects: the head is sent already, so a failure still ends the page, as the bare shell. */
  async function rest(...args: Parameters<typeof renderRoot>): Promise<string> {
    try {
      return `${await renderRoot(...args)}${afterRoot}`;
    } catch (error) {
      // The page still works as a single-page app; the bug is for the log.
      log(`Server rendering failed for ${args[0].pathname}: ${errorText(error)}`);
      onRender?.('render_failed');
      return `${ROOT_ELEMENT}${afterRoot}`;
    }
  }

  return async (c: Context<ApiEnv>): Promise<Response> => {
    const url = new URL(c.req.url);
    const lookup = await tokenFor(access, c);
    const signInNeeded = !lookup.ok && lookup.code !== 'token_unavailable';
    if (signInNeeded && url.pathname !== PAGE_ROUTES.signIn) {
      return c.redirect(
        signInPath(
          `${url.pathname}${url.search}`,
          lookup.code === 'session_expired' ? 'expired' : undefined,
        ),
        303,
      );
    }
    const status = statusOf(url);
    return streamHtml(c, {
      start: head,
      rest: rest(url, lookup, c.req.method, (observation) => c.set('upstream', observation)),
      status,
      headers: { 'Cache-Control': 'no-store' },
    });
  };
}
