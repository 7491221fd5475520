import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { Registry } from 'prom-client';
import { afterEach, expect, test } from 'vitest';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { createApp } from '#server/app.ts';
import { startDemoUpstream } from '#server/demo-upstream/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import type { ApiEnv } from '#server/http/api-env.ts';
import { listen, type Listening } from '#server/http/listen.ts';
import { createMetrics, createMetricsApp, type Metrics } from '#server/metrics/metrics.ts';
import { parsePrometheusText, sampleValue } from '#server/testing/prometheus-text.ts';
import { EMPTY_UPSTREAM_LIST, stubUpstream } from '#server/testing/stub-upstream.ts';
import type { SharedStateHealth } from '#server/shared-state/shared-state.ts';
import type { UpstreamStateReading } from '#server/upstream/client.ts';
import { createUpstreamClient } from '#server/upstream/client.ts';
import { tokenKey } from '#server/upstream/token-key.ts';
import type { Access } from '#server/auth/access.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const METRICS_TOKEN = `metrics-${randomUUID()}`;
const SHARED: Access = { mode: 'shared', tokens: staticToken('shared-upstream-token') };
const HEX = '0123456789abcdef0123456789abcdef';
const SIDS = { installSid: `AI${HEX}`, enrollmentSid: `EN${HEX}`, examSid: `EX${HEX}` };
const LIST_PATH = sessionListEndpoint.apiPath(SIDS, DEFAULT_LIST_QUERY);
const REQUESTS = 'sp_dashboard_http_request_duration_seconds';
const UPSTREAM_CALLS = 'sp_dashboard_upstream_call_duration_seconds';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The app as an instance with METRICS_TOKEN runs it: /metrics on the main port. */
function appWithMetricsToken(series: Metrics = createMetrics()) {
  const app = createApp({
    upstream: stubUpstream({ fetch: () => Promise.resolve(EMPTY_UPSTREAM_LIST) }),
    access: SHARED,
    log: () => undefined,
    metrics: { series, token: METRICS_TOKEN },
  });
  return { app, series };
}

async function scrape(app: Hono<ApiEnv>) {
  const response = await app.request('/metrics', {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await response.text();
  expect(response.status).toBe(200);
  return { response, text, samples: parsePrometheusText(text) };
}

test("the exposition is Prometheus text in prom-client's content type, with the process's own metrics", async () => {
  const { app } = appWithMetricsToken();

  const { response, samples } = await scrape(app);

  expect(response.headers.get('content-type')).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  expect(sampleValue(samples, 'sp_dashboard_page_renders_total', { outcome: 'with_rows' })).toBe(0);
});

test('a request is counted under its route pattern and status, never its path with the sids', async () => {
  const { app } = appWithMetricsToken();

  expect((await app.request(LIST_PATH)).status).toBe(200);
  expect((await app.request(LIST_PATH)).status).toBe(200);
  expect((await app.request(`/no/such/${HEX}`)).status).toBe(404);
  const { text, samples } = await scrape(app);

  const list = { method: 'GET', route: sessionListEndpoint.apiRoute, status: '200' };
  expect(sessionListEndpoint.apiRoute).toContain(':installSid');
  expect(sampleValue(samples, `${REQUESTS}_count`, list)).toBe(2);
  expect(sampleValue(samples, `${REQUESTS}_bucket`, { ...list, le: '+Inf' })).toBe(2);
  expect(sampleValue(samples, `${REQUESTS}_count`, { route: '/*', status: '404' })).toBe(1);
  expect(text).not.toContain(HEX);
});

test('upstream calls through the real client are series by endpoint, priority, outcome and status, never by token', async () => {
  const upstreamToken = `upstream-${randomUUID()}`;
  const demo = await startDemoUpstream({ token: upstreamToken, slowDelayMs: 1_000 });
  cleanups.push(() => demo.close());
  const series = createMetrics();
  const upstream = createUpstreamClient({
    baseUrl: demo.url,
    timeoutMs: 5_000,
    isDemo: true,
    log: () => undefined,
    onCall: series.countUpstreamCall,
  });
  cleanups.push(() => upstream.close());
  const app = createApp({
    upstream,
    access: { mode: 'shared', tokens: staticToken(upstreamToken) },
    log: () => undefined,
    metrics: { series, token: METRICS_TOKEN },
  });
  const path = sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY);

  expect((await app.request(path)).status).toBe(200);
  // Asked again at once: answered from the cache.
  expect((await app.request(path)).status).toBe(200);
  const { text, samples } = await scrape(app);

  const list = { endpoint: 'session-list', priority: 'rows' };
  expect(
    sampleValue(samples, `${UPSTREAM_CALLS}_count`, {
      ...list,
      outcome: 'network',
      upstream_status: '200',
    }),
  ).toBe(1);
  expect(
    sampleValue(samples, `${UPSTREAM_CALLS}_count`, {
      ...list,
      outcome: 'cache',
      upstream_status: 'none',
    }),
  ).toBe(1);
  expect(text).not.toContain(upstreamToken);
  expect(text).not.toContain(tokenKey(upstreamToken));
});

test('each outcome the upstream client reports is a series of its own, its duration in seconds', async () => {
  const { app, series } = appWithMetricsToken();
  const call = { endpoint: 'status-counts', priority: 'counts' } as const;

  series.countUpstreamCall({ ...call, source: 'network', upstreamStatus: 429, durationMs: 250 });
  series.countUpstreamCall({ ...call, source: 'network', durationMs: 10_000 });
  series.countUpstreamCall({ ...call, source: 'held', durationMs: 0 });
  series.countUpstreamCall({ ...call, source: 'quota', durationMs: 0 });
  series.countUpstreamCall({ ...call, source: 'breaker', durationMs: 0 });
  series.countUpstreamCall({ ...call, source: 'stale', durationMs: 1, ageMs: 400_000 });
  series.countUpstreamCall({ ...call, source: 'shared', upstreamStatus: 200, durationMs: 80 });
  const { samples } = await scrape(app);

  const count = (outcome: string, upstreamStatus: string) =>
    sampleValue(samples, `${UPSTREAM_CALLS}_count`, {
      ...call,
      outcome,
      upstream_status: upstreamStatus,
    });
  expect(count('network', '429')).toBe(1);
  // A timeout, a failed connection or a call given up: no answer, so no status.
  expect(count('network', 'none')).toBe(1);
  for (const refused of ['held', 'quota', 'breaker', 'stale'])
    expect(count(refused, 'none')).toBe(1);
  expect(count('shared', '200')).toBe(1);
  expect(
    sampleValue(samples, `${UPSTREAM_CALLS}_sum`, {
      ...call,
      outcome: 'network',
      upstream_status: '429',
    }),
  ).toBe(0.25);
});

test('the upstream state gauges show the reading taken at each scrape, read once per scrape', async () => {
  let reading: UpstreamStateReading = {
    budgetUsed: 40,
    budgetLimit: 600,
    heldTokens: 0,
    breakerOpen: false,
  };
  let reads = 0;
  const { app } = appWithMetricsToken(
    createMetrics({
      readUpstreamState: () => {
        reads += 1;
        return Promise.resolve(reading);
      },
    }),
  );

  const first = (await scrape(app)).samples;
  reading = { budgetUsed: 600, budgetLimit: 600, heldTokens: 2, breakerOpen: true };
  const second = (await scrape(app)).samples;

  expect(reads).toBe(2);
  expect(sampleValue(first, 'sp_dashboard_upstream_quota_calls_used')).toBe(40);
  expect(sampleValue(first, 'sp_dashboard_upstream_quota_calls_left')).toBe(560);
  expect(sampleValue(first, 'sp_dashboard_upstream_held_tokens')).toBe(0);
  expect(sampleValue(first, 'sp_dashboard_upstream_breaker_open')).toBe(0);
  expect(sampleValue(second, 'sp_dashboard_upstream_quota_calls_left')).toBe(0);
  expect(sampleValue(second, 'sp_dashboard_upstream_held_tokens')).toBe(2);
  expect(sampleValue(second, 'sp_dashboard_upstream_breaker_open')).toBe(1);
});

test('the shared state gauge is 1 while Redis is not answering', async () => {
  let health: SharedStateHealth = 'shared';
  const { app } = appWithMetricsToken(createMetrics({ sharedStateHealth: () => health }));

  const before = (await scrape(app)).samples;
  health = 'degraded';
  const during = (await scrape(app)).samples;

  expect(sampleValue(before, 'sp_dashboard_shared_state_degraded')).toBe(0);
  expect(sampleValue(during, 'sp_dashboard_shared_state_degraded')).toBe(1);
});

test('without a budget the calls left are absent; a failed reading leaves the gauges out, not the scrape', async () => {
  let failing = false;
  const { app } = appWithMetricsToken(
    createMetrics({
      readUpstreamState: () =>
        failing
          ? Promise.reject(new Error('state unavailable'))
          : Promise.resolve({
              budgetUsed: 7,
              budgetLimit: Infinity,
              heldTokens: 0,
              breakerOpen: false,
            }),
    }),
  );

  const unbudgeted = (await scrape(app)).samples;
  failing = true;
  const failed = (await scrape(app)).samples;

  expect(sampleValue(unbudgeted, 'sp_dashboard_upstream_quota_calls_used')).toBe(7);
  expect(sampleValue(unbudgeted, 'sp_dashboard_upstream_quota_calls_left')).toBeUndefined();
  expect(sampleValue(failed, 'sp_dashboard_upstream_quota_calls_used')).toBeUndefined();
  expect(sampleValue(failed, 'sp_dashboard_upstream_breaker_open')).toBeUndefined();
  expect(sampleValue(failed, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
});

test('without the upstream state reading there are no upstream state gauges at all', async () => {
  const { text } = await scrape(appWithMetricsToken().app);

  expect(text).not.toContain('sp_dashboard_upstream_quota');
  expect(text).not.toContain('sp_dashboard_upstream_breaker_open');
});

test('on the main port /metrics answers only to the bearer token, in plain words otherwise', async () => {
  const { app } = appWithMetricsToken();

  for (const authorization of [
    undefined,
    `Bearer ${METRICS_TOKEN.slice(0, -1)}x`,
    `Basic ${METRICS_TOKEN}`,
    METRICS_TOKEN,
  ]) {
    const response = await app.request('/metrics', {
      headers: authorization === undefined ? {} : { Authorization: authorization },
    });
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(text).toBe('Send the metrics token as Authorization: Bearer <METRICS_TOKEN>.');
  }
  const lowerCase = await app.request('/metrics', {
    headers: { Authorization: `bearer ${METRICS_TOKEN}` },
  });
  expect(lowerCase.status).toBe(200);
});

test('with the token, a scraper may use the instance address as Host, which pages may not', async () => {
  const series = createMetrics();
  const app = createApp({
    upstream: stubUpstream(),
    access: SHARED,
    log: () => undefined,
    guards: {
      https: false,
      hosts: { port: () => 4173, publicUrl: new URL('https://proctoring.example.edu') },
      rateLimitPerMinute: 600,
    },
    metrics: { series, token: METRICS_TOKEN },
  });

  const page = await app.request('http://10.0.0.5:4173/healthz');
  const metrics = await app.request('http://10.0.0.5:4173/metrics', {
    headers: { Authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const refused = await app.request('http://10.0.0.5:4173/metrics');

  expect(page.status).toBe(421);
  expect(metrics.status).toBe(200);
  expect(refused.status).toBe(401);
});

test('with neither setting, /metrics is an unknown path: 404, or the web app once built', async () => {
  const distDir = await mkdtemp(join(tmpdir(), 'sp-metrics-'));
  cleanups.push(() => rm(distDir, { recursive: true, force: true }));
  const indexHtml = '<!doctype html><div id="root"></div>';
  await writeFile(join(distDir, 'index.html'), indexHtml);
  const apiOnly = createApp({ upstream: stubUpstream(), access: SHARED, log: () => undefined });
  const built = createApp({
    upstream: stubUpstream(),
    access: SHARED,
    log: () => undefined,
    distDir,
  });

  const withToken = { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } };
  const unknown = await apiOnly.request('/metrics', withToken);
  const otherUnknown = await apiOnly.request('/no-such-path');
  const page = await built.request('/metrics', withToken);

  expect(unknown.status).toBe(404);
  expect(await unknown.text()).toBe(await otherUnknown.text());
  expect(page.status).toBe(200);
  expect(await page.text()).toBe(indexHtml);
});

/** Over HTTP with a Host header of the test's choosing, as a scraper sends one. */
function getOverHttp(
  server: Listening,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port: server.port, path, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'] ?? '',
          body,
        }),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

test("METRICS_PORT's listener serves /metrics to any Host and nothing else; the main port has no /metrics", async () => {
  const series = createMetrics();
  const main = createApp({
    upstream: stubUpstream({ fetch: () => Promise.resolve(EMPTY_UPSTREAM_LIST) }),
    access: SHARED,
    log: () => undefined,
    metrics: { series },
  });
  const listener = await listen(createMetricsApp(series, null), 0, '127.0.0.1');
  cleanups.push(() => listener.close());

  expect((await main.request(LIST_PATH)).status).toBe(200);
  expect((await main.request('/metrics')).status).toBe(404);
  const scraped = await getOverHttp(listener, '/metrics', { Host: '10.0.0.5:9464' });
  const other = await getOverHttp(listener, '/healthz');

  expect(scraped.status).toBe(200);
  expect(scraped.contentType).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
  const samples = parsePrometheusText(scraped.body);
  expect(
    sampleValue(samples, `${REQUESTS}_count`, {
      route: sessionListEndpoint.apiRoute,
      status: '200',
    }),
  ).toBe(1);
  expect(sampleValue(samples, `${REQUESTS}_count`, { route: '/*', status: '404' })).toBe(1);
  expect(other).toMatchObject({ status: 404, body: 'Only /metrics answers on this port.' });
});

test('a METRICS_TOKEN set beside METRICS_PORT is asked on the listener too', async () => {
  const series = createMetrics();
  const listener = await listen(createMetricsApp(series, METRICS_TOKEN), 0, '127.0.0.1');
  cleanups.push(() => listener.close());

  const refused = await getOverHttp(listener, '/metrics');
  const scraped = await getOverHttp(listener, '/metrics', {
    Authorization: `Bearer ${METRICS_TOKEN}`,
  });

  expect(refused.status).toBe(401);
  expect(refused.body).not.toContain('sp_dashboard_');
  expect(scraped.status).toBe(200);
});
