/**
 * The page's inline theme script runs under a CSP without 'unsafe-inline' only if the policy names
 * its hash. These tests read each HTML answer as a browser does (parse5, the spec's parser), hash
 * the scripts it would run, and compare with what the policy allows.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultTreeAdapter, parse, type DefaultTreeAdapterTypes } from 'parse5';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { PageRenderer } from '#src/api/contract/page-data.ts';
import { createApp, type AppDeps } from '#server/app.ts';
import type { Access } from '#server/auth/access.ts';
import { createUserSessions } from '#server/auth/user-sessions.ts';
import { inlineScriptHashes } from '#server/http/inline-scripts.ts';
import { stubUpstream } from '#server/testing/stub-upstream.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const SHARED: Access = { mode: 'shared', tokens: staticToken('csp-test-token') };
const USER: Access = {
  mode: 'user',
  sessions: createUserSessions({ secret: 'csp-test-secret', secure: false }),
};
const CLIENT_ROUTE = '/installs/AI1/enrollments/EN1/exams/EX1/sessions';

/** Renders every page but /no/such/… , which is a 404; plans no list, so asks the upstream nothing. */
const renderer: PageRenderer = {
  planListPage: () => null,
  pageStatus: (url) => (url.pathname.startsWith('/no/such/') ? 404 : 200),
  renderPage: (url) =>
    Promise.resolve({
      html: url.pathname.startsWith('/no/such/') ? '<h1>Page not found</h1>' : '<h1>A page</h1>',
    }),
};
const failingRenderer: PageRenderer = {
  ...renderer,
  renderPage: () => Promise.reject(new Error('a bug in a cell')),
};

/** The real template: the repository's index.html, whose inline script Vite copies unchanged. */
let template: string;
let distDir: string;

beforeAll(async () => {
  template = await readFile(join(import.meta.dirname, '../../index.html'), 'utf8');
  distDir = await mkdtemp(join(tmpdir(), 'sp-csp-'));
  await writeFile(join(distDir, 'index.html'), template);
});

afterAll(async () => {
  await rm(distDir, { recursive: true, force: true });
});

function app(deps: Partial<AppDeps>) {
  return createApp({
    access: SHARED,
    upstream: stubUpstream(),
    distDir,
    log: () => undefined,
    ...deps,
  });
}

const RUNNABLE_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript']);

/** The text of each inline script a browser would run in `html`, as its parser reads it. */
function runnableInlineScripts(html: string): string[] {
  const scripts: string[] = [];
  const visit = (node: DefaultTreeAdapterTypes.Node): void => {
    if (defaultTreeAdapter.isElementNode(node) && node.tagName === 'script') {
      const attrs = new Map(node.attrs.map((attr) => [attr.name, attr.value]));
      if (!attrs.has('src') && RUNNABLE_TYPES.has((attrs.get('type') ?? '').trim().toLowerCase())) {
        scripts.push(
          node.childNodes
            .filter((child) => defaultTreeAdapter.isTextNode(child))
            .map((child) => child.value)
            .join(''),
        );
      }
    }
    if ('childNodes' in node) node.childNodes.forEach(visit);
  };
  visit(parse(html));
  return scripts;
}

const hashSource = (script: string) =>
  `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;

function scriptSources(response: Response): string[] {
  const policy = response.headers.get('content-security-policy') ?? '';
  const directive = policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([name]) => name === 'script-src');
  return directive?.slice(1) ?? [];
}

test('every HTML page the server sends has one inline script, and its CSP allows exactly its hash', async () => {
  const staticOnly = app({});
  const rendered = app({ pages: { rendering: { template, renderer }, budgetMs: 0 } });
  const failing = app({
    pages: { rendering: { template, renderer: failingRenderer }, budgetMs: 0 },
  });
  const perUser = app({
    access: USER,
    pages: { rendering: { template, renderer }, budgetMs: 0 },
  });
  const pages: Array<[string, ReturnType<typeof app>, string, number]> = [
    ['the built page', staticOnly, '/', 200],
    ['the built page by name', staticOnly, '/index.html', 200],
    ['a client route, unrendered', staticOnly, CLIENT_ROUTE, 200],
    ['a rendered page', rendered, CLIENT_ROUTE, 200],
    ['the rendered sign-in page', rendered, '/sign-in', 200],
    ['a page that does not exist', rendered, '/no/such/page', 404],
    ['the template when rendering fails', failing, CLIENT_ROUTE, 200],
    ['the sign-in page, per-user sign-in', perUser, '/sign-in', 200],
  ];

  for (const [name, server, path, status] of pages) {
    const response = await server.request(path);
    expect(response.status, name).toBe(status);
    expect(response.headers.get('content-type'), name).toMatch(/^text\/html/);
    const scripts = runnableInlineScripts(await response.text());
    expect(scripts, name).toHaveLength(1);
    expect(scripts[0], name).toContain("localStorage.getItem('sp-theme')");
    expect(scriptSources(response), name).toEqual(["'self'", ...scripts.map(hashSource)]);
  }
});

test('a script changed by one character would be refused', async () => {
  const response = await app({}).request('/');
  const [script = ''] = runnableInlineScripts(await response.text());

  expect(scriptSources(response)).toContain(hashSource(script));
  expect(scriptSources(response)).not.toContain(hashSource(`${script} `));
  expect(scriptSources(response)).not.toContain(hashSource(script.replace("'dark'", "'dusk'")));
  expect(response.headers.get('content-security-policy')).not.toContain('unsafe-inline');
});

test('without a built page no inline script is allowed at all', async () => {
  const response = await app({ distDir: undefined }).request('/healthz');

  expect(scriptSources(response)).toEqual(["'self'"]);
});

test('the hashes are those of the scripts a browser would run, read as its parser reads them', () => {
  const html = [
    '<!doctype html><html><head>',
    '<!-- <script>commented out</script> -->',
    '<script>\r\n  one();\r\n</script>',
    "<script type='module'>two()</script>",
    '<SCRIPT type="text/javascript">three()</SCRIPT >',
    '<script src="/a.js"></script>',
    '<script type="application/json" id="page-data">{"four":4}</script>',
    '<script type="text/plain">five</script>',
    '</head><body><script>one()</script></body></html>',
  ].join('\n');

  const expected = runnableInlineScripts(html).map(hashSource);
  expect(expected).toHaveLength(4);
  expect(inlineScriptHashes(html)).toEqual([...new Set(expected)]);
});
