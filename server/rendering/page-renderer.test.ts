/**
 * Server rendering through the real app, with a stand-in renderer (the real one is the built
 * dist/ssr bundle, driven by the e2e tests) and a stand-in upstream, so the budget, failures,
 * HEAD and the page's data block can be tested without a browser.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  PAGE_DATA_ELEMENT_ID,
  pageDataSchema,
  type PageRenderer,
} from '#src/api/contract/page-data.ts';
import { sessionListEndpoint, type UpstreamSessionList } from '#src/api/contract/session-list.ts';
import { createApp } from '#server/app.ts';
import type { PageRendering } from '#server/rendering/page-renderer.ts';
import type { UpstreamCall } from '#server/upstream/client.ts';
import { stubUpstream } from '#server/testing/stub-upstream.ts';

const TEMPLATE =
  '<!doctype html><title>t</title><div id="root"></div><script src="/a.js"></script>';
const HEX = '0123456789abcdef0123456789abcdef';
const PAGE = `/installs/AI${HEX}/enrollments/EN${HEX}/exams/EX${HEX}/sessions`;

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
  renderPage(_url, data) {
    const rows = data.sessionList?.response.results ?? [];
    return Promise.resolve(
      rows.length === 0 ? '<p>skeleton</p>' : `<p>${rows.length} rows rendered</p>`,
    );
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

/** Sets how the stand-in upstream answers the list (the raw upstream JSON). */
function setup(
  answerList: (call: UpstreamCall) => Promise<unknown>,
  overrides: Partial<PageRendering> = {},
) {
  const calls: string[] = [];
  const logs: string[] = [];
  const app = createApp({
    access: { mode: 'shared', token: 'page-test-token' },
    upstream: stubUpstream({
      fetch: (endpointName, _sids, _query, call) => {
        calls.push(endpointName);
        return answerList(call);
      },
    }),
    distDir,
    pages: { rendering: { template: TEMPLATE, renderer, ...overrides }, budgetMs: 100 },
    log: (line) => logs.push(line),
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

test('past the budget the page ships at once with the skeleton, and the late call is given up', async () => {
  const signals: AbortSignal[] = [];
  const { app } = setup(
    ({ signal }) =>
      new Promise((resolve, reject) => {
        if (signal !== undefined) signals.push(signal);
        signal?.addEventListener('abort', () => reject(new Error('given up')));
        setTimeout(() => resolve(LIST), 2_000);
      }),
  );

  const started = performance.now();
  const html = await (await app.request(PAGE)).text();

  expect(performance.now() - started).toBeLessThan(1_000);
  expect(html).toContain('<p>skeleton</p>');
  expect(pageData(html).sessionList).toBeUndefined();
  expect(signals.map((signal) => signal.aborted)).toEqual([true]);
});

test('a budget of 0 never waits and asks the upstream nothing', async () => {
  const calls: string[] = [];
  const app = createApp({
    access: { mode: 'shared', token: 'page-test-token' },
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

test('an upstream failure renders the skeleton for the browser to ask again, and nothing throws', async () => {
  const { app } = setup(() => Promise.reject(new Error('upstream down')));

  const response = await app.request(PAGE);

  expect(response.status).toBe(200);
  expect(await response.text()).toContain('<p>skeleton</p>');
});

test('a HEAD request for a page costs no upstream call', async () => {
  const { app, calls } = setup(() => Promise.resolve(LIST));

  const response = await app.request(PAGE, { method: 'HEAD' });

  expect(response.status).toBe(200);
  expect(calls).toEqual([]);
});

test('pages that are not a list, or have malformed sids, ask the upstream nothing', async () => {
  const { app, calls } = setup(() => Promise.resolve(LIST));

  await app.request('/no/such/page');
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
