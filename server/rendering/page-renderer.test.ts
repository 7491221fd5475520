/**
 * Server rendering through the real app, with a stand-in renderer (the real one is the built
 * dist/ssr bundle, driven by the e2e tests) and a stand-in upstream, so the budget, failures,
 * HEAD and the page's data block can be tested without a browser. A slow upstream over HTTP, with
 * the real upstream client, shows what a view past the budget costs.
 */
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { getRequestListener } from '@hono/node-server';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  PAGE_DATA_ELEMENT_ID,
  pageDataSchema,
  type PageRenderer,
} from '#src/api/contract/page-data.ts';
import { installSettingsEndpoint } from '#src/api/contract/install-settings.ts';
import {
  sessionListEndpoint,
  sessionListResponseSchema,
  type UpstreamSessionList,
} from '#src/api/contract/session-list.ts';
import { statusCountsEndpoint } from '#src/api/contract/status-counts.ts';
import { createApp } from '#server/app.ts';
import type { LogFields } from '#server/http/log.ts';
import { createMetrics, type Metrics } from '#server/metrics/metrics.ts';
import type { PageRendering } from '#server/rendering/page-renderer.ts';
import {
  createUpstreamClient,
  UpstreamError,
  type UpstreamCall,
  type UpstreamClient,
} from '#server/upstream/client.ts';
import { parsePrometheusText } from '#server/testing/prometheus-text.ts';
import { stubUpstream } from '#server/testing/stub-upstream.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const TEMPLATE =
  '<!doctype html><title>t</title><div id="root"></div><script src="/a.js"></script>';
const HEX = '0123456789abcdef0123456789abcdef';
const PAGE = `/installs/AI${HEX}/enrollments/EN${HEX}/exams/EX${HEX}/sessions`;
/** Where the stand-in renderer matches no route. */
const UNKNOWN_PAGE = '/no/such/';

const ROW = {
  sid: `ES${HEX}`,
  // A value that String.replace would read as a pattern, and one that would end a script.
  status: "$& $' </script><script>alert(1)</script>",
  sessionType: null,
  appointmentDate: null,
  createdDate: '2026-11-01T10:00:00.000Z',
  editDate: '2026-11-01T10:00:00.000Z',
};
const LIST: UpstreamSessionList = {
  total: 1,
  first: null,
  next: null,
  prev: null,
  last: null,
  results: [ROW],
};

/** Renders the rows' statuses as text, the way a page would show them (React escapes them). */
const renderer: PageRenderer = {
  planListPage(url) {
    const match = /^\/installs\/([^/]+)\/enrollments\/([^/]+)\/exams\/([^/]+)\/sessions$/.exec(
      url.pathname,
    );
    if (match === null) return null;
    const sids = sessionListEndpoint.parseSids({
      installSid: match[1],
      enrollmentSid: match[2],
      examSid: match[3],
    });
    if (!sids.ok) return null;
    return {
      sids: sids.value,
      query: { offset: 0, limit: 25, sortOrder: 'DESC', statuses: [], includeActive: false },
    };
  },
  pageStatus: (url) => (url.pathname.startsWith(UNKNOWN_PAGE) ? 404 : 200),
  renderPage(url, data) {
    const rows = data.sessionList?.response.results ?? [];
    if (url.pathname.startsWith(UNKNOWN_PAGE)) {
      return Promise.resolve({ html: '<h1>Page not found</h1>' });
    }
    return Promise.resolve({
      html: rows.length === 0 ? '<p>skeleton</p>' : `<p>${rows.length} rows rendered</p>`,
    });
  },
};

let distDir: string;

beforeAll(async () => {
  distDir = await mkdtemp(join(tmpdir(), 'sp-pages-'));
  await writeFile(join(distDir, 'index.html'), TEMPLATE);
});

afterAll(async () => {
  await rm(distDir, { recursive: true, force: true });
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Sets how the stand-in upstream answers the list (the raw upstream JSON). */
function setup(
  answerList: (call: UpstreamCall) => Promise<unknown>,
  overrides: Partial<PageRendering> = {},
  metrics?: Metrics,
  peek?: UpstreamClient['peek'],
) {
  const calls: string[] = [];
  const logs: string[] = [];
  const app = createApp({
    access: { mode: 'shared', tokens: staticToken('page-test-token') },
    upstream: stubUpstream({
      fetch: (endpointName, _sids, _query, call) => {
        calls.push(endpointName);
        return answerList(call);
      },
      ...(peek === undefined ? {} : { peek }),
    }),
    distDir,
    pages: { rendering: { template: TEMPLATE, renderer, ...overrides }, budgetMs: 100 },
    log: (line) => logs.push(line),
    ...(metrics === undefined ? {} : { metrics: { series: metrics } }),
  });
  return { app, calls, logs };
}

function pageData(html: string) {
  const match = new RegExp(
    `<script type="application/json" id="${PAGE_DATA_ELEMENT_ID}">(.*?)</script>`,
  ).exec(html);
  const json: unknown = JSON.parse(match?.[1] ?? 'null');
  return pageDataSchema.parse(json);
}

test('a list page is rendered with its rows and carries them in a data block no value can break', async () => {
  const { app, calls } = setup(() => Promise.resolve(LIST));

  const response = await app.request(PAGE);
  const html = await response.text();

  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(calls).toHaveLength(1);
  expect(html).toContain('<div id="root"><p>1 rows rendered</p></div>');
  // The only script tags are the template's and the data block: nothing in the data ends it.
  expect(html.match(/<script/g)).toHaveLength(2);
  expect(html).not.toContain('</script><script>alert(1)');
  expect(pageData(html).sessionList?.response.results[0]?.status).toBe(ROW.status);
  expect(pageData(html).sessionList?.apiPath).toBe(
    `/api/v1${PAGE}?offset=0&limit=25&sortKeys=createdDate&sortOrder=DESC&includeActive=false`,
  );
});

test('past the budget the page ships at once with the skeleton, and the late call runs on', async () => {
  const calls: UpstreamCall[] = [];
  const { app } = setup((call) => {
    calls.push(call);
    return new Promise((resolve) => setTimeout(() => resolve(LIST), 2_000));
  });

  const started = performance.now();
  const html = await (await app.request(PAGE)).text();

  expect(performance.now() - started).toBeLessThan(1_000);
  expect(html).toContain('<p>skeleton</p>');
  expect(pageData(html).sessionList).toBeUndefined();
  // Nothing but the client's own timeout ends it: the browser's request for the view joins it.
  expect(calls.map((call) => call.signal)).toEqual([undefined]);
});

test('a budget of 0 never waits and asks the upstream nothing', async () => {
  const calls: string[] = [];
  const app = createApp({
    access: { mode: 'shared', tokens: staticToken('page-test-token') },
    upstream: stubUpstream({
      fetch: (endpointName) => {
        calls.push(endpointName);
        return Promise.resolve(LIST);
      },
    }),
    distDir,
    pages: { rendering: { template: TEMPLATE, renderer }, budgetMs: 0 },
  });

  expect(await (await app.request(PAGE)).text()).toContain('<p>skeleton</p>');
  expect(calls).toEqual([]);
});

test('what the cache holds beside the list goes with the page, and the render asks the upstream for nothing more', async () => {
  const peeked: string[] = [];
  const settings = { sid: `AI${HEX}`, name: 'Northfield University', defaultTimezone: null };
  // The install's settings and each status's count are cached; the learner's session is not.
  const { app, calls } = setup(
    () => Promise.resolve(LIST),
    {},
    undefined,
    (source, _sids, _query, call) => {
      peeked.push(`${source.endpoint.name} ${call.token}`);
      const raw =
        source.endpoint.name === 'install-settings'
          ? settings
          : source.endpoint.name === 'session-list'
            ? { ...LIST, total: 3 }
            : undefined;
      const ageMs = source.endpoint.name === 'install-settings' ? 5_000 : 1_000;
      return Promise.resolve(
        raw === undefined ? undefined : { value: source.upstream.parse(raw), ageMs },
      );
    },
  );

  const answers = pageData(await (await app.request(PAGE)).text()).pageAnswers ?? [];

  const plan = renderer.planListPage(new URL(PAGE, 'http://localhost'));
  if (plan === null) throw new Error(`${PAGE} is not a list page`);
  expect(new Map(answers.map(({ apiPath, ageMs }) => [apiPath, ageMs]))).toEqual(
    new Map([
      [statusCountsEndpoint.apiPath(plan.sids, { includeActive: false }), 1_000],
      [installSettingsEndpoint.apiPath({ installSid: plan.sids.installSid }, undefined), 5_000],
    ]),
  );
  expect(answers.map((answer) => answer.response)).toContainEqual(settings);
  expect(calls).toEqual(['session-list']);
  // The learner's context was looked for with the token of the one asking; with none, no profile.
  expect(peeked).toContain('session-detail page-test-token');
  expect(peeked.some((line) => line.startsWith('user-profile'))).toBe(false);
});

test("the learner's name comes through the first row's session when its detail and profile are cached", async () => {
  const learner = `US${HEX}`;
  const profile = {
    sid: learner,
    firstName: 'Maya',
    lastName: 'Okonkwo',
    email: null,
    preferredEmail: null,
    username: null,
    role: null,
  };
  const cached: Record<string, unknown> = {
    'session-detail': {
      sid: ROW.sid,
      status: 'Closed',
      enrollmentSid: `EN${HEX}`,
      userSid: learner,
      exam: { title: 'Chemistry Final Exam' },
    },
    'user-profile': profile,
  };
  const { app } = setup(
    () => Promise.resolve(LIST),
    {},
    undefined,
    (source) => {
      const raw = cached[source.endpoint.name];
      return Promise.resolve(
        raw === undefined ? undefined : { value: source.upstream.parse(raw), ageMs: 0 },
      );
    },
  );

  const answers = pageData(await (await app.request(PAGE)).text()).pageAnswers ?? [];

  const context = answers.find((answer) => answer.apiPath.includes(`/context?session=${ROW.sid}`));
  expect(context?.response).toMatchObject({ userSid: learner });
  const sentProfile = answers.find((answer) =>
    answer.apiPath.includes(`/users/${learner}/profile`),
  );
  expect(sentProfile?.response).toEqual(profile);
});

test('a cache that cannot be read leaves the page its rows, with nothing beside them', async () => {
  const { app, logs } = setup(
    () => Promise.resolve(LIST),
    {},
    undefined,
    () => Promise.reject(new Error('shared state unreachable')),
  );

  const html = await (await app.request(PAGE)).text();

  expect(html).toContain('<p>1 rows rendered</p>');
  expect(pageData(html).pageAnswers).toEqual([]);
  expect(logs.some((line) => line.includes('shared state unreachable'))).toBe(true);
});

test('an upstream failure renders the skeleton for the browser to ask again, and nothing throws', async () => {
  const { app } = setup(() => Promise.reject(new Error('upstream down')));

  const response = await app.request(PAGE);

  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<p>skeleton</p>');
});

test('when the server cannot get its own token, the page ships with the skeleton: no sign-in is asked of staff', async () => {
  const calls: string[] = [];
  const unavailable = new UpstreamError('token_unavailable', 502, 'Sign-in is failing.');
  const app = createApp({
    access: {
      mode: 'shared',
      tokens: { ...staticToken('unused'), current: () => Promise.reject(unavailable) },
    },
    upstream: stubUpstream({
      fetch: (endpointName) => {
        calls.push(endpointName);
        return Promise.resolve(LIST);
      },
    }),
    distDir,
    pages: { rendering: { template: TEMPLATE, renderer }, budgetMs: 100 },
    log: () => undefined,
  });

  const response = await app.request(PAGE);

  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<p>skeleton</p>');
  expect(calls).toEqual([]);
});

/** Every header but the request's own id, and the ETag of a body that HEAD does not render. */
function headersOf(response: Response): Array<[string, string]> {
  return [...response.headers].filter(([name]) => name !== 'x-request-id' && name !== 'etag');
}

test('a HEAD request for a page answers as GET does, without an upstream call or a body', async () => {
  const { app, calls } = setup(() => Promise.resolve(LIST));

  const response = await app.request(PAGE, { method: 'HEAD' });

  expect(response.status).toBe(200);
  expect(await response.text()).toBe('');
  expect(calls).toEqual([]);
  expect(headersOf(response)).toEqual(headersOf(await app.request(PAGE)));
});

test('an unknown page answers 404 with the rendered page, to GET and HEAD alike', async () => {
  const { app } = setup(() => Promise.resolve(LIST));
  const path = `${UNKNOWN_PAGE}page`;

  const get = await app.request(path);
  const head = await app.request(path, { method: 'HEAD' });

  expect(get.status).toBe(404);
  expect(get.headers.get('cache-control')).toBe('no-store');
  expect(await get.text()).toContain('<div id="root"><h1>Page not found</h1></div>');
  expect(head.status).toBe(404);
  expect(headersOf(head)).toEqual(headersOf(get));
});

test('pages that are not a list, or have malformed sids, ask the upstream nothing', async () => {
  const { app, calls } = setup(() => Promise.resolve(LIST));

  await app.request(`${UNKNOWN_PAGE}page`);
  await app.request(PAGE.replace(`EX${HEX}`, 'EX123'));

  expect(calls).toEqual([]);
});

test('a renderer that throws leaves the plain page, and the error in the log only', async () => {
  const failing: PageRenderer = {
    ...renderer,
    renderPage: () => Promise.reject(new Error('a bug in a cell')),
  };
  const { app, logs } = setup(() => Promise.resolve(LIST), { renderer: failing });

  const response = await app.request(PAGE);
  const html = await response.text();

  expect(response.status).toBe(200);
  expect(html).toBe(TEMPLATE);
  expect(logs.join('\n')).toContain('a bug in a cell');
});

test('a renderer whose status fails still answers with the page, and says so in the log', async () => {
  const failing: PageRenderer = {
    ...renderer,
    pageStatus: () => {
      throw new Error('a bug in the routes');
    },
  };
  const { app, logs } = setup(() => Promise.resolve(LIST), { renderer: failing });

  const response = await app.request(PAGE);

  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<p>1 rows rendered</p>');
  expect(logs.join('\n')).toContain('a bug in the routes');
});

test('a renderer from another build, answering in another shape, leaves the plain page', async () => {
  const stale = { ...renderer, renderPage: () => Promise.resolve('<p>a page</p>') };
  const { app, logs } = setup(() => Promise.resolve(LIST), {
    // @ts-expect-error: what an older dist/ssr bundle answers.
    renderer: stale,
  });

  const response = await app.request(PAGE);

  expect(response.status).toBe(200);
  expect(await response.text()).toBe(TEMPLATE);
  expect(logs.join('\n')).toContain('Server rendering failed');
});

test('each page is counted for the metrics by how it went: rows, past the budget, a failed list, no wait, a failed render', async () => {
  const metrics = createMetrics();
  const failing: PageRenderer = {
    ...renderer,
    renderPage: () => Promise.reject(new Error('a bug in a cell')),
  };

  // Each page is read whole: its render is counted when the part after the head is made.
  const load = async (app: ReturnType<typeof setup>['app'], path: string, method = 'GET') =>
    (await app.request(path, { method })).text();
  await load(setup(() => Promise.resolve(LIST), {}, metrics).app, PAGE);
  const slow = () => new Promise((resolve) => setTimeout(() => resolve(LIST), 1_000));
  await load(setup(slow, {}, metrics).app, PAGE);
  await load(setup(() => Promise.reject(new Error('upstream down')), {}, metrics).app, PAGE);
  const { app } = setup(() => Promise.resolve(LIST), {}, metrics);
  await load(app, `${UNKNOWN_PAGE}page`);
  await load(app, PAGE, 'HEAD');
  await load(setup(() => Promise.resolve(LIST), { renderer: failing }, metrics).app, PAGE);
  const renders = parsePrometheusText(await metrics.registry.metrics()).filter(
    (sample) => sample.name === 'sp_dashboard_page_renders_total',
  );

  expect(
    Object.fromEntries(renders.map((sample) => [sample.labels.outcome, sample.value])),
  ).toEqual({ with_rows: 1, past_budget: 1, list_failed: 1, no_wait: 2, render_failed: 1 });
});

/** The real upstream client in front of an HTTP upstream that answers the list after `delayMs`. */
async function setupOverHttp(delayMs: number) {
  const upstream = { asked: 0, answered: 0, cut: 0 };
  const server = createServer((_request, response) => {
    upstream.asked += 1;
    response.on('close', () => {
      if (!response.writableFinished) upstream.cut += 1;
    });
    setTimeout(() => {
      upstream.answered += 1;
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(LIST));
    }, delayMs);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const client = createUpstreamClient({
    baseUrl: `http://127.0.0.1:${port}`,
    timeoutMs: 10_000,
    log: () => undefined,
  });
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    () => client.close(),
  );
  const logs: Array<{ message: string; fields: LogFields | undefined }> = [];
  const app = createApp({
    access: { mode: 'shared', tokens: staticToken('page-test-token') },
    upstream: client,
    distDir,
    pages: { rendering: { template: TEMPLATE, renderer }, budgetMs: 100 },
    log: (message, fields) => logs.push({ message, fields }),
  });
  const plan = renderer.planListPage(new URL(PAGE, 'http://localhost'));
  if (plan === null) throw new Error(`${PAGE} is not a list page`);
  return { app, upstream, logs, apiPath: sessionListEndpoint.apiPath(plan.sids, plan.query) };
}

test("past the budget the view costs one upstream call: the browser's /api request joins it", async () => {
  const { app, upstream, apiPath } = await setupOverHttp(600);

  const started = performance.now();
  expect(await (await app.request(PAGE)).text()).toContain('<p>skeleton</p>');
  expect(performance.now() - started).toBeLessThan(600);
  const api = await app.request(apiPath);

  expect(api.status).toBe(200);
  expect(sessionListResponseSchema.parse(await api.json()).results).toHaveLength(1);
  expect(upstream).toEqual({ asked: 1, answered: 1, cut: 0 });
});

test("an answer that lands after the page shipped is kept for the browser's /api request", async () => {
  const { app, upstream, apiPath } = await setupOverHttp(300);

  expect(await (await app.request(PAGE)).text()).toContain('<p>skeleton</p>');
  await expect.poll(() => upstream.answered).toBe(1);
  const api = await app.request(apiPath);

  expect(api.status).toBe(200);
  expect(upstream).toEqual({ asked: 1, answered: 1, cut: 0 });
});

test("a page request that goes away leaves its upstream call to the browser's next request", async () => {
  const { app, upstream, apiPath } = await setupOverHttp(400);
  const browser = new AbortController();

  const page = app.request(PAGE, { signal: browser.signal });
  await expect.poll(() => upstream.asked).toBe(1);
  browser.abort();
  await page;
  const api = await app.request(apiPath);

  expect(api.status).toBe(200);
  expect(upstream).toEqual({ asked: 1, answered: 1, cut: 0 });
});

test('the head is on its way before the list answers, flushed through gzip on its own', async () => {
  const { app, upstream } = await setupOverHttp(300);
  const head = TEMPLATE.slice(0, TEMPLATE.indexOf('<div id="root">'));
  const soFar = (chunks: Uint8Array[]) =>
    gunzipSync(Buffer.concat(chunks), { finishFlush: constants.Z_SYNC_FLUSH }).toString();

  const response = await app.request(PAGE, { headers: { 'Accept-Encoding': 'gzip' } });
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let answeredAtHead: number | null = null;
  for (let part = await reader?.read(); part?.done === false; part = await reader?.read()) {
    chunks.push(part.value);
    if (answeredAtHead === null && soFar(chunks) === head) answeredAtHead = upstream.answered;
  }

  expect(response.headers.get('content-encoding')).toBe('gzip');
  expect(answeredAtHead).toBe(0);
  const page = gunzipSync(Buffer.concat(chunks)).toString();
  expect(page).toContain('<div id="root"><p>skeleton</p></div>');
  expect(page.endsWith('<script src="/a.js"></script>')).toBe(true);
});

test('a browser that leaves after the head breaks nothing: the page is logged once its render ends', async () => {
  const { app, upstream, apiPath, logs } = await setupOverHttp(300);
  const listener = getRequestListener(app.fetch);
  const server = createServer((request, response) => void listener(request, response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;

  const left = new Promise<void>((resolve, reject) => {
    const request = httpGet(`http://127.0.0.1:${port}${PAGE}`, (response) => {
      response.once('data', () => {
        request.destroy();
        resolve();
      });
    });
    request.on('error', (error) => (request.destroyed ? resolve() : reject(error)));
  });
  await left;
  await expect.poll(() => logs.filter((line) => line.message === 'request').length).toBe(1);
  const api = await app.request(apiPath);

  expect(upstream.answered).toBe(1);
  expect(logs.find((line) => line.message === 'request')?.fields).toMatchObject({
    client: '127.0.0.1',
    status: 200,
  });
  expect(api.status).toBe(200);
});
