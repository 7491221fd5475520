import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createGzip, gzipSync } from 'node:zlib';
import { afterEach, expect, test, vi } from 'vitest';
import { QUOTA_PRIORITY_HEADER, type QuotaPriority } from '#src/api/contract/endpoint.ts';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';
import { installSettingsSource } from '#src/api/contract/install-settings.ts';
import { buildPath } from '#src/api/contract/routes.ts';
import {
  sessionDetailEndpoint,
  sessionDetailSource,
  type SessionDetailSids,
} from '#src/api/contract/session-detail.ts';
import {
  DEFAULT_LIST_QUERY,
  sessionListEndpoint,
  sessionListSource,
  type SessionListQuery,
} from '#src/api/contract/session-list.ts';
import {
  DEFAULT_RECORD_PAGE,
  SESSION_RECORD_ENDPOINTS,
  SESSION_RECORD_SOURCES,
  type SessionRecordKind,
} from '#src/api/contract/session-records.ts';
import { isSid } from '#src/api/contract/sids.ts';
import { statusCountsEndpoint } from '#src/api/contract/status-counts.ts';
import { userProfileSource } from '#src/api/contract/user-profile.ts';
import { createApp } from '#server/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import type { LogFields } from '#server/http/log.ts';
import { createFailureLog } from '#server/upstream/failure-log.ts';
import {
  createUpstreamClient,
  UpstreamError,
  type UpstreamClient,
  type UpstreamCall,
  type UpstreamClientDeps,
  type UpstreamObservation,
} from '#server/upstream/client.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const TOKEN = `test-token-${randomUUID()}`;
const ROWS: QuotaPriority = 'rows';
const OTHER_TOKEN = `other-token-${randomUUID()}`;
const SIDS = DEMO_SIDS.busy;
const PATH = buildPath(sessionListEndpoint.route, SIDS);

// ---------------------------------------------------------------------------
// A real upstream on 127.0.0.1 whose every answer the test writes by hand
// ---------------------------------------------------------------------------

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

interface TestUpstream {
  url: string;
  /** Every request received, in order. */
  requests: Array<{ url: string; headers: IncomingHttpHeaders }>;
  /** URLs of requests whose connection closed before their answer was complete. */
  cut: string[];
  /** Most connections open at once, and connections opened in all. */
  connections: { open: number; most: number; opened: number };
  close(): Promise<void>;
}

const servers: Array<() => Promise<void>> = [];
const clients: UpstreamClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((close) => close()));
  vi.useRealTimers();
});

async function startUpstream(handle: Handler): Promise<TestUpstream> {
  const upstream: TestUpstream = {
    url: '',
    requests: [],
    cut: [],
    connections: { open: 0, most: 0, opened: 0 },
    close: () => Promise.resolve(),
  };
  const server = createServer((request, response) => {
    upstream.requests.push({ url: request.url ?? '', headers: request.headers });
    response.on('close', () => {
      if (!response.writableFinished) upstream.cut.push(request.url ?? '');
    });
    handle(request, response);
  });
  server.on('connection', (socket) => {
    const { connections } = upstream;
    connections.open += 1;
    connections.opened += 1;
    connections.most = Math.max(connections.most, connections.open);
    socket.on('close', () => {
      connections.open -= 1;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  upstream.url = `http://127.0.0.1:${address.port}`;
  upstream.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  servers.push(() => upstream.close());
  return upstream;
}

function row(index: number) {
  return {
    sid: `ES${index.toString(16).padStart(32, '0')}`,
    status: 'Closed',
    sessionType: 'live',
    appointmentDate: null,
    createdDate: '2026-01-01T00:00:00.000Z',
    editDate: '2026-01-02T00:00:00.000Z',
  };
}

function listBody(rows: number, total = rows): string {
  return JSON.stringify({
    total,
    count: rows,
    offset: 0,
    results: Array.from({ length: rows }, (_, index) => row(index)),
  });
}

function answerJson(response: ServerResponse, body: string, status = 200, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body);
}

interface LogLine {
  message: string;
  fields: LogFields | undefined;
}

function client(upstream: TestUpstream, deps: Partial<UpstreamClientDeps> = {}) {
  const logs: LogLine[] = [];
  const created = createUpstreamClient({
    baseUrl: upstream.url,
    timeoutMs: 5_000,
    log: (message, fields) => logs.push({ message, fields }),
    // Off unless a test is about it: many tests here make hundreds of calls.
    callsPerMinute: 0,
    ...deps,
  });
  clients.push(created);
  return { client: created, logs };
}

function query(changes: Partial<SessionListQuery> = {}): SessionListQuery {
  return { ...DEFAULT_LIST_QUERY, ...changes };
}

/** The UpstreamError a promise rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UpstreamError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------
// 1. Connection pool
// ---------------------------------------------------------------------------

test.each([
  ['the default of 10', undefined, 10],
  ['maxConnections 3', 3, 3],
])(
  'thirty slow calls at once open at most %s connections; the rest queue and all succeed',
  async (_name, maxConnections, cap) => {
    const upstream = await startUpstream((_request, response) => {
      setTimeout(() => {
        answerJson(response, listBody(1));
      }, 60);
    });
    const { client: upstreamClient } = client(
      upstream,
      maxConnections === undefined ? {} : { maxConnections },
    );

    // Distinct offsets, so that no two calls are shared or cached.
    const lists = await Promise.all(
      Array.from({ length: 30 }, (_, offset) =>
        upstreamClient.fetch(sessionListSource, SIDS, query({ offset }), {
          token: TOKEN,
          priority: ROWS,
        }),
      ),
    );

    expect(lists).toHaveLength(30);
    expect(upstream.requests).toHaveLength(30);
    expect(upstream.connections.most).toBe(cap);
    // Kept alive and reused, not one connection per call.
    expect(upstream.connections.opened).toBe(cap);
  },
);

// ---------------------------------------------------------------------------
// 2. Identical calls in flight share one upstream request
// ---------------------------------------------------------------------------

test('100 identical calls at once make one upstream request; another token makes its own', async () => {
  const upstream = await startUpstream((_request, response) => {
    setTimeout(() => {
      answerJson(response, listBody(3));
    }, 50);
  });
  const { client: upstreamClient } = client(upstream);
  const sources: string[] = [];
  const observe = (observation: UpstreamObservation) => sources.push(observation.source);

  const [lists, other] = await Promise.all([
    Promise.all(
      Array.from({ length: 100 }, () =>
        upstreamClient.fetch(sessionListSource, SIDS, query(), {
          token: TOKEN,
          priority: ROWS,
          observe,
        }),
      ),
    ),
    upstreamClient.fetch(sessionListSource, SIDS, query(), { token: OTHER_TOKEN, priority: ROWS }),
  ]);

  expect(upstream.requests).toHaveLength(2);
  expect(new Set(upstream.requests.map((request) => request.headers.token))).toEqual(
    new Set([TOKEN, OTHER_TOKEN]),
  );
  for (const list of lists) expect(list.results).toHaveLength(3);
  expect(other.results).toHaveLength(3);
  expect(sources.filter((source) => source === 'network')).toHaveLength(1);
  expect(sources.filter((source) => source === 'shared')).toHaveLength(99);
});

test("a caller's abort ends only its own wait; the shared request goes on for the others", async () => {
  const upstream = await startUpstream((_request, response) => {
    setTimeout(() => {
      answerJson(response, listBody(2));
    }, 600);
  });
  const { client: upstreamClient, logs } = client(upstream);
  const leaving = new AbortController();

  const first = upstreamClient.fetch(sessionListSource, SIDS, query(), {
    token: TOKEN,
    priority: ROWS,
    signal: leaving.signal,
  });
  const second = upstreamClient.fetch(sessionListSource, SIDS, query(), {
    token: TOKEN,
    priority: ROWS,
  });
  await until(() => upstream.requests.length === 1);
  const abortedAt = performance.now();
  leaving.abort();

  const error = await failure(first);
  // Long before the upstream answers.
  expect(performance.now() - abortedAt).toBeLessThan(300);
  expect(error.status).toBe(504);
  expect((await second).results).toHaveLength(2);
  expect(upstream.requests).toHaveLength(1);
  expect(upstream.cut).toEqual([]);
  expect(logs).toEqual([]);
});

test('the shared request is dropped only when every waiter has gone', async () => {
  // Never answers: only the client can end these requests.
  const upstream = await startUpstream(() => undefined);
  const { client: upstreamClient, logs } = client(upstream);
  const first = new AbortController();
  const second = new AbortController();

  const calls = [first, second].map((controller) =>
    failure(
      upstreamClient.fetch(sessionListSource, SIDS, query(), {
        token: TOKEN,
        priority: ROWS,
        signal: controller.signal,
      }),
    ),
  );
  await until(() => upstream.requests.length === 1);
  first.abort();
  await delay(100);
  expect(upstream.cut).toEqual([]);
  second.abort();
  await until(() => upstream.cut.length === 1);
  await Promise.all(calls);

  // A later identical call starts afresh instead of joining the dropped request.
  const third = new AbortController();
  const later = failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), {
      token: TOKEN,
      priority: ROWS,
      signal: third.signal,
    }),
  );
  await until(() => upstream.requests.length === 2);
  third.abort();
  await later;
  await upstreamClient.close();
  expect(logs).toEqual([]);
});

// ---------------------------------------------------------------------------
// 3. Successful answers reused for as long as each endpoint declares
// ---------------------------------------------------------------------------

test('a successful answer is reused for its endpoint’s reuseMs with the same token and URL only', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, listBody(2));
  });
  let clock = 1_000_000;
  const { client: upstreamClient } = client(upstream, { now: () => clock });
  const sources: string[] = [];
  const call = {
    token: TOKEN,
    priority: ROWS,
    observe: (o: UpstreamObservation) => sources.push(o.source),
  };

  await upstreamClient.fetch(sessionListSource, SIDS, query(), call);
  clock += sessionListEndpoint.reuseMs - 1;
  await upstreamClient.fetch(sessionListSource, SIDS, query(), call);
  expect(upstream.requests).toHaveLength(1);
  expect(sources).toEqual(['network', 'cache']);

  await upstreamClient.fetch(sessionListSource, SIDS, query({ offset: 25 }), call);
  await upstreamClient.fetch(sessionListSource, SIDS, query(), {
    token: OTHER_TOKEN,
    priority: ROWS,
  });
  expect(upstream.requests).toHaveLength(3);

  clock += 1;
  await upstreamClient.fetch(sessionListSource, SIDS, query(), call);
  expect(upstream.requests).toHaveLength(4);
});

test('peek gives a fresh cached answer and its age, for the same token only, and never asks the upstream', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, listBody(2));
  });
  let clock = 1_000_000;
  const { client: upstreamClient } = client(upstream, { now: () => clock, callsPerMinute: 2 });
  const peek = (token = TOKEN) => upstreamClient.peek(sessionListSource, SIDS, query(), { token });

  expect(await peek()).toBeUndefined();
  expect(upstream.requests).toHaveLength(0);

  await upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS });
  clock += 4_000;
  const cached = await peek();
  expect(cached?.value.results).toHaveLength(2);
  expect(cached?.ageMs).toBe(4_000);
  expect(await peek(OTHER_TOKEN)).toBeUndefined();

  clock += sessionListEndpoint.reuseMs;
  expect(await peek()).toBeUndefined();
  // Nothing was asked or spent: the second call a minute the budget allows is still there.
  expect(upstream.requests).toHaveLength(1);
  await upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS });
  expect(upstream.requests).toHaveLength(2);
});

test('install settings are reused for ten minutes; cacheTtlMs caps every endpoint’s reuse', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, JSON.stringify({ sid: SIDS.installSid, name: 'Northfield' }));
  });
  let clock = 1_000_000;
  const declared = client(upstream, { now: () => clock }).client;
  const capped = client(upstream, { now: () => clock, cacheTtlMs: 3_000 }).client;
  const settings = (upstreamClient: UpstreamClient) =>
    upstreamClient.fetch(installSettingsSource, { installSid: SIDS.installSid }, undefined, {
      token: TOKEN,
      priority: ROWS,
    });

  await Promise.all([settings(declared), settings(capped)]);
  clock += 3_000;
  await Promise.all([settings(declared), settings(capped)]);
  expect(upstream.requests).toHaveLength(3);
  clock += 10 * 60_000 - 3_000;
  await settings(declared);
  expect(upstream.requests).toHaveLength(4);
});

test('failures are never cached, and cacheTtlMs 0 turns the cache off', async () => {
  let answered = 0;
  const upstream = await startUpstream((_request, response) => {
    answered += 1;
    if (answered === 1) answerJson(response, '{}', 500);
    else answerJson(response, listBody(1));
  });
  const cached = client(upstream).client;
  const uncached = client(upstream, { cacheTtlMs: 0 }).client;

  await failure(cached.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }));
  await cached.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS });
  expect(upstream.requests).toHaveLength(2);

  await uncached.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS });
  await uncached.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS });
  expect(upstream.requests).toHaveLength(4);
});

test('the cache keeps at most cacheMaxEntries answers, dropping the oldest', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, listBody(1));
  });
  const { client: upstreamClient } = client(upstream, { cacheMaxEntries: 2 });
  const page = (offset: number) =>
    upstreamClient.fetch(sessionListSource, SIDS, query({ offset }), {
      token: TOKEN,
      priority: ROWS,
    });

  await page(0);
  await page(1);
  await page(2);
  expect(upstream.requests).toHaveLength(3);
  await page(2);
  await page(1);
  expect(upstream.requests).toHaveLength(3);
  await page(0);
  expect(upstream.requests).toHaveLength(4);
});

// ---------------------------------------------------------------------------
// 4. Hold after a 429
// ---------------------------------------------------------------------------

test('after a 429 with Retry-After: 60, 101 calls make one upstream request; the last says 60 s', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, '{"message":"slow down"}', 429, { 'retry-after': '60' });
  });
  const { client: upstreamClient } = client(upstream);
  const observations: UpstreamObservation[] = [];

  let last: UpstreamError | undefined;
  for (let index = 0; index < 101; index += 1) {
    last = await failure(
      upstreamClient.fetch(sessionListSource, SIDS, query({ offset: index }), {
        token: TOKEN,
        priority: ROWS,
        observe: (observation) => observations.push(observation),
      }),
    );
  }

  expect(upstream.requests).toHaveLength(1);
  expect(last).toMatchObject({ code: 'rate_limited', status: 429, retryAfterSeconds: 60 });
  expect(last?.message).toContain('Try again in 60 seconds');
  expect(observations[0]).toMatchObject({ source: 'network', upstreamStatus: 429 });
  expect(observations[100]?.source).toBe('held');
  // Another token is not held.
  await failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), { token: OTHER_TOKEN, priority: ROWS }),
  );
  expect(upstream.requests).toHaveLength(2);
});

test.each([
  ['seconds', '45', 45],
  ['an HTTP date', new Date(1_000_000 + 90_000).toUTCString(), 90],
  ['nothing (30 s)', undefined, 30],
  ['0 (at least 1 s)', '0', 1],
  ['more than maxHoldSeconds', '3600', 120],
])('a 429 with Retry-After as %s holds the token that long', async (_name, header, seconds) => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, '{}', 429, header === undefined ? {} : { 'retry-after': header });
  });
  let clock = 1_000_000;
  const { client: upstreamClient } = client(upstream, { now: () => clock });
  const call = { token: TOKEN, priority: ROWS };

  expect(await failure(upstreamClient.fetch(sessionListSource, SIDS, query(), call))).toMatchObject(
    {
      retryAfterSeconds: seconds,
    },
  );
  clock += seconds * 1000 - 1;
  expect(await failure(upstreamClient.fetch(sessionListSource, SIDS, query(), call))).toMatchObject(
    {
      code: 'rate_limited',
      retryAfterSeconds: 1,
    },
  );
  expect(upstream.requests).toHaveLength(1);
  clock += 1;
  await failure(upstreamClient.fetch(sessionListSource, SIDS, query(), call));
  expect(upstream.requests).toHaveLength(2);
});

// ---------------------------------------------------------------------------
// 5. Bounded bodies
// ---------------------------------------------------------------------------

test('a body of exactly maxBodyBytes is read; one byte more fails as upstream_too_large', async () => {
  const cap = 2_000;
  const exact = listBody(1).padEnd(cap, ' ');
  let body = exact;
  const upstream = await startUpstream((_request, response) => {
    // Chunked, so only the bytes read can tell the size.
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write(body.slice(0, 1_000));
    response.end(body.slice(1_000));
  });
  const { client: upstreamClient, logs } = client(upstream, { maxBodyBytes: cap, cacheTtlMs: 0 });

  expect(
    (await upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }))
      .total,
  ).toBe(1);
  body = `${exact} `;
  const error = await failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
  );

  expect(error).toMatchObject({ code: 'upstream_too_large', status: 502 });
  expect(error.message).toBe(
    'The SmarterProctoring API sent an unexpectedly large response to the request for the session list. Try again in a few minutes; if it keeps happening, tell an administrator.',
  );
  expect(logs[0]?.fields).toMatchObject({ code: 'upstream_too_large', upstreamStatus: 200 });
});

test('a Content-Length above maxBodyBytes fails before the body is read, and the request is dropped', async () => {
  const upstream = await startUpstream((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
    // The body never comes: only the declared length can end this call before the timeout.
    response.write('{');
  });
  const { client: upstreamClient } = client(upstream, { maxBodyBytes: 4_000 });
  const started = performance.now();

  const error = await failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
  );

  expect(error.code).toBe('upstream_too_large');
  expect(performance.now() - started).toBeLessThan(2_000);
  await until(() => upstream.cut.length === 1);
});

test('an endless stream ends at the cap, not at the timeout, and the request is dropped', async () => {
  const chunk = Buffer.alloc(64 * 1024, ' ');
  const upstream = await startUpstream((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const pump = () => {
      while (!response.destroyed && response.write(chunk));
      if (!response.destroyed) response.once('drain', pump);
    };
    pump();
  });
  const { client: upstreamClient } = client(upstream, { timeoutMs: 10_000 });
  const started = performance.now();

  const error = await failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
  );

  expect(error.code).toBe('upstream_too_large');
  expect(performance.now() - started).toBeLessThan(3_000);
  await until(() => upstream.cut.length === 1);
});

test('a gzip bomb stops at the cap on decoded bytes without ballooning memory', async () => {
  // About 0.5 MB of gzip that inflates to 512 MiB of zeros.
  const bomb = await gzipZeros(512);
  expect(bomb.byteLength).toBeLessThan(1024 * 1024);
  const upstream = await startUpstream((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    response.end(bomb);
  });
  const { client: upstreamClient } = client(upstream, { timeoutMs: 10_000 });
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  }, 5);
  const started = performance.now();

  const error = await failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
  );
  clearInterval(sampler);

  expect(error).toMatchObject({ code: 'upstream_too_large', status: 502 });
  expect(performance.now() - started).toBeLessThan(5_000);
  // The default cap is 4 MiB; reading the bomb whole would take over 512 MiB.
  expect(peakRss - before.rss).toBeLessThan(100 * 1024 * 1024);
  expect(peakHeap - before.heapUsed).toBeLessThan(100 * 1024 * 1024);
}, 20_000);

test('a slow trickle ends at the timeout with upstream_timeout', async () => {
  const upstream = await startUpstream((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => {
      if (response.destroyed) clearInterval(timer);
      else response.write(' ');
    }, 20);
  });
  const { client: upstreamClient } = client(upstream, { timeoutMs: 300 });
  const started = performance.now();

  const error = await failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
  );

  expect(error).toMatchObject({ code: 'upstream_timeout', status: 504 });
  expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  expect(performance.now() - started).toBeLessThan(1_500);
  await until(() => upstream.cut.length === 1);
});

test('only gzip and identity are asked for, and a gzipped answer is read', async () => {
  const upstream = await startUpstream((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    response.end(gzipSync(listBody(4)));
  });
  const { client: upstreamClient } = client(upstream);

  const list = await upstreamClient.fetch(sessionListSource, SIDS, query(), {
    token: TOKEN,
    priority: ROWS,
  });

  expect(list.results).toHaveLength(4);
  expect(upstream.requests[0]?.headers['accept-encoding']).toBe('gzip, identity');
});

// ---------------------------------------------------------------------------
// 6. Pages trimmed to the limit
// ---------------------------------------------------------------------------

test('an upstream that ignores limit is trimmed to it, with one log line per upstream answer', async () => {
  const upstream = await startUpstream((_request, response) => {
    setTimeout(() => {
      answerJson(response, listBody(500, 281_876));
    }, 30);
  });
  const { client: upstreamClient, logs } = client(upstream);

  const lists = await Promise.all(
    [1, 2, 3].map(() =>
      upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
    ),
  );

  for (const list of lists) {
    expect(list.results).toHaveLength(25);
    expect(list.total).toBe(281_876);
  }
  expect(logs).toHaveLength(1);
  expect(logs[0]?.fields).toEqual({
    event: 'upstream_page_trimmed',
    path: PATH,
    rows: 500,
    limit: 25,
  });
});

// ---------------------------------------------------------------------------
// 7. Aborts reach the upstream request
// ---------------------------------------------------------------------------

test("the caller's abort closes the upstream request, and is not logged as a failure", async () => {
  const upstream = await startUpstream(() => undefined);
  const { client: upstreamClient, logs } = client(upstream);
  const controller = new AbortController();
  const observations: UpstreamObservation[] = [];

  const call = failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), {
      token: TOKEN,
      priority: ROWS,
      signal: controller.signal,
      observe: (observation) => observations.push(observation),
    }),
  );
  await until(() => upstream.requests.length === 1);
  controller.abort();

  expect(await call).toBeInstanceOf(UpstreamError);
  await until(() => upstream.cut.length === 1);
  await upstreamClient.close();
  expect(logs).toEqual([]);
  expect(observations).toHaveLength(1);
  expect(observations[0]?.source).toBe('network');
});

test('a call whose signal has already fired asks the upstream nothing', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, listBody(1));
  });
  const { client: upstreamClient, logs } = client(upstream);

  await failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), {
      token: TOKEN,
      priority: ROWS,
      signal: AbortSignal.abort(),
    }),
  );

  expect(upstream.requests).toEqual([]);
  expect(logs).toEqual([]);
});

// ---------------------------------------------------------------------------
// 8. Observations
// ---------------------------------------------------------------------------

test('observe is called once per call with its source, upstream status and duration', async () => {
  const upstream = await startUpstream((request, response) => {
    if (request.url?.includes('offset=50') === true) answerJson(response, '{}', 503);
    else answerJson(response, listBody(1));
  });
  const { client: upstreamClient } = client(upstream);
  const observations: UpstreamObservation[] = [];
  const call = {
    token: TOKEN,
    priority: ROWS,
    observe: (o: UpstreamObservation) => observations.push(o),
  };

  await upstreamClient.fetch(sessionListSource, SIDS, query(), call);
  await upstreamClient.fetch(sessionListSource, SIDS, query(), call);
  await failure(upstreamClient.fetch(sessionListSource, SIDS, query({ offset: 50 }), call));

  expect(observations.map(({ durationMs: _, ...rest }) => rest)).toEqual([
    { source: 'network', upstreamStatus: 200 },
    // A loaded machine may take a millisecond or more between the two calls.
    { source: 'cache', ageMs: expect.any(Number) as number },
    { source: 'network', upstreamStatus: 503 },
  ]);
  expect(observations[1]?.ageMs).toBeLessThan(1_000);
  for (const { durationMs } of observations) expect(durationMs).toBeGreaterThanOrEqual(0);
});

// ---------------------------------------------------------------------------
// 9. Failure logging, summarised
// ---------------------------------------------------------------------------

test('1,000 identical failures in a burst are logged as two lines, without the token', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, '<html>down</html>', 500);
  });
  const { client: upstreamClient, logs } = client(upstream);

  const errors = await Promise.all(
    Array.from({ length: 1_000 }, (_, offset) =>
      failure(
        upstreamClient.fetch(sessionListSource, SIDS, query({ offset }), {
          token: TOKEN,
          priority: ROWS,
        }),
      ),
    ),
  );
  expect(errors.every((error) => error.code === 'upstream_error')).toBe(true);
  expect(upstream.requests).toHaveLength(1_000);
  expect(logs).toHaveLength(1);
  // The window's summary is written when it ends, or on close.
  await upstreamClient.close();

  expect(logs).toHaveLength(2);
  expect(logs[0]?.fields).toMatchObject({
    event: 'upstream_failure',
    path: PATH,
    upstreamStatus: 500,
    status: 502,
    code: 'upstream_error',
  });
  expect(logs[0]?.fields?.durationMs).toBeTypeOf('number');
  expect(logs[1]?.fields).toMatchObject({
    event: 'upstream_failure_summary',
    upstreamStatus: 500,
    code: 'upstream_error',
    count: 999,
  });
  expect(JSON.stringify(logs)).not.toContain(TOKEN);
  expect(JSON.stringify(logs)).not.toContain('offset=');
}, 20_000);

test('a failure summary is written when its 10 s window ends; the next failure opens a new one', () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const lines: string[] = [];
  const failures = createFailureLog((message) => lines.push(message));
  const timeout = {
    path: PATH,
    upstreamStatus: undefined,
    status: 504,
    code: 'upstream_timeout',
    durationMs: 10_000,
    detail: undefined,
  };

  failures.record(timeout);
  failures.record(timeout);
  failures.record({ ...timeout, code: 'upstream_unreachable', status: 502 });
  expect(lines).toHaveLength(2);
  vi.advanceTimersByTime(9_999);
  expect(lines).toHaveLength(2);
  vi.advanceTimersByTime(1);
  expect(lines).toHaveLength(3);
  expect(lines[2]).toContain('1 more times');
  failures.record(timeout);
  expect(lines).toHaveLength(4);
  failures.flush();
  expect(lines).toHaveLength(4);
});

// ---------------------------------------------------------------------------
// 10. Readiness
// ---------------------------------------------------------------------------

test.each<[number, boolean, string]>([
  [200, true, 'upstream reachable, token accepted'],
  [404, true, 'upstream reachable, token accepted'],
  [401, false, 'upstream refused the token (HTTP 401)'],
  [403, false, 'upstream refused the token (HTTP 403)'],
  [429, false, 'upstream is rate limiting the token; try again in 20 s'],
  [503, false, 'upstream answered HTTP 503'],
])('checkReady with a token: HTTP %i means ready %s', async (status, ready, detail) => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, status === 200 ? listBody(0) : '{}', status, { 'retry-after': '20' });
  });
  const { client: upstreamClient } = client(upstream);

  expect(await upstreamClient.checkReady(TOKEN)).toEqual({ ready, detail });
  const [request] = upstream.requests;
  const url = new URL(request?.url ?? '', upstream.url);
  const [, , , installSid, , enrollmentSid, , examSid] = url.pathname.split('/');
  expect(isSid('install', installSid ?? '')).toBe(true);
  expect(isSid('enrollment', enrollmentSid ?? '')).toBe(true);
  expect(isSid('exam', examSid ?? '')).toBe(true);
  expect(url.searchParams.get('limit')).toBe('1');
  expect(request?.headers.token).toBe(TOKEN);
});

test('checkReady bypasses the cache and shared calls, but not a 429 hold', async () => {
  let status = 200;
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, listBody(0), status, { 'retry-after': '60' });
  });
  const { client: upstreamClient } = client(upstream);

  await Promise.all([upstreamClient.checkReady(TOKEN), upstreamClient.checkReady(TOKEN)]);
  await upstreamClient.checkReady(TOKEN);
  expect(upstream.requests).toHaveLength(3);

  status = 429;
  await failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
  );
  const readiness = await upstreamClient.checkReady(TOKEN);
  expect(readiness.ready).toBe(false);
  expect(readiness.detail).toMatch(/rate limiting the token; try again in (59|60) s/);
  expect(upstream.requests).toHaveLength(4);
});

test('checkReady without a token (per-user access): any HTTP answer means reachable', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, '{}', 403);
  });
  const { client: upstreamClient } = client(upstream);

  expect(await upstreamClient.checkReady()).toEqual({
    ready: true,
    detail: 'upstream reachable (HTTP 403; no token to check)',
  });
  expect(upstream.requests[0]?.headers.token).toBeUndefined();
});

test('checkReady: an unreachable or silent upstream is not ready, in plain words', async () => {
  const closed = await startUpstream(() => undefined);
  await closed.close();
  const silent = await startUpstream(() => undefined);

  const unreachable = client(closed).client;
  const slow = client(silent, { timeoutMs: 200 }).client;

  expect(await unreachable.checkReady(TOKEN)).toEqual({
    ready: false,
    detail: 'upstream not reachable (ECONNREFUSED)',
  });
  expect(await slow.checkReady(TOKEN)).toEqual({
    ready: false,
    detail: 'upstream did not answer within 0.2 s',
  });
});

// ---------------------------------------------------------------------------
// Shutdown
// ---------------------------------------------------------------------------

test('close() does not wait long for a request nobody answers', async () => {
  const upstream = await startUpstream(() => undefined);
  const { client: upstreamClient } = client(upstream, { timeoutMs: 30_000 });
  const pending = failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
  );
  await until(() => upstream.requests.length === 1);
  const started = performance.now();

  await upstreamClient.close();

  expect(performance.now() - started).toBeLessThan(2_000);
  expect(await pending).toBeInstanceOf(UpstreamError);
});

/** Gzip of `mebibytes` MiB of zeros, made a MiB at a time so the test itself stays small. */
async function gzipZeros(mebibytes: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let index = 0; index < mebibytes; index += 1) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await ended;
  return Buffer.concat(chunks);
}

test('with per-user tokens, a refused token is the user’s to fix: 401, sign in again', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, '{"code":"AUTHENTICATIONFAILED"}', 403);
  });
  const shared = client(upstream).client;
  const perUser = client(upstream, { perUserTokens: true }).client;

  const sharedError = await failure(
    shared.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
  );
  expect([sharedError.status, sharedError.code]).toEqual([502, 'token_refused']);
  const userError = await failure(
    perUser.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
  );
  expect([userError.status, userError.code]).toEqual([401, 'user_token_refused']);
  expect(userError.message).toContain('Sign in again');
});

// ---------------------------------------------------------------------------
// 11. The detail page's endpoints go through the same get
// ---------------------------------------------------------------------------

const DETAIL_SIDS: SessionDetailSids = {
  installSid: SIDS.installSid,
  examSid: SIDS.examSid,
  sessionSid: `ES${'3'.repeat(32)}`,
};
const USER_SID = `US${'4'.repeat(32)}`;

function recordsCall(kind: SessionRecordKind) {
  return (upstreamClient: UpstreamClient, call: UpstreamCall) =>
    upstreamClient.fetch(SESSION_RECORD_SOURCES[kind], DETAIL_SIDS, DEFAULT_RECORD_PAGE, call);
}

/** Each endpoint: how to call it, and a valid upstream body for it. */
const DETAIL_ENDPOINTS: Array<
  [string, (upstreamClient: UpstreamClient, call: UpstreamCall) => Promise<unknown>, unknown]
> = [
  [
    'session detail',
    (upstreamClient, call) =>
      upstreamClient.fetch(sessionDetailSource, DETAIL_SIDS, undefined, call),
    { sid: DETAIL_SIDS.sessionSid, status: 'Closed' },
  ],
  [
    'user profile',
    (upstreamClient, call) =>
      upstreamClient.fetch(
        userProfileSource,
        { installSid: SIDS.installSid, userSid: USER_SID },
        undefined,
        call,
      ),
    { sid: USER_SID },
  ],
  [
    'install settings',
    (upstreamClient, call) =>
      upstreamClient.fetch(installSettingsSource, { installSid: SIDS.installSid }, undefined, call),
    { sid: SIDS.installSid, name: 'Northfield' },
  ],
  ['session events', recordsCall('events'), { total: 0, results: [] }],
  ['session annotations', recordsCall('annotations'), { total: 0, results: [] }],
];

test.each(DETAIL_ENDPOINTS)(
  '%s: identical calls in flight share one request, and the answer is then reused',
  async (_name, ask, body) => {
    const upstream = await startUpstream((_request, response) => {
      setTimeout(() => {
        answerJson(response, JSON.stringify(body));
      }, 30);
    });
    const { client: upstreamClient } = client(upstream);
    const sources: string[] = [];
    const call = {
      token: TOKEN,
      priority: ROWS,
      observe: (o: UpstreamObservation) => sources.push(o.source),
    };

    await Promise.all([1, 2, 3].map(() => ask(upstreamClient, call)));
    await ask(upstreamClient, call);

    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.headers.token).toBe(TOKEN);
    expect(sources.sort()).toEqual(['cache', 'network', 'shared', 'shared']);
  },
);

test.each(DETAIL_ENDPOINTS)(
  '%s: a 429 holds the token for every endpoint, the session list included',
  async (_name, ask) => {
    const upstream = await startUpstream((_request, response) => {
      answerJson(response, '{}', 429, { 'retry-after': '40' });
    });
    const { client: upstreamClient } = client(upstream);

    expect(await failure(ask(upstreamClient, { token: TOKEN, priority: ROWS }))).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 40,
    });
    for (const [, other] of DETAIL_ENDPOINTS) {
      expect((await failure(other(upstreamClient, { token: TOKEN, priority: ROWS }))).code).toBe(
        'rate_limited',
      );
    }
    await failure(
      upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
    );

    expect(upstream.requests).toHaveLength(1);
  },
);

test.each(DETAIL_ENDPOINTS)(
  '%s: a body above maxBodyBytes fails as upstream_too_large',
  async (_name, ask, body) => {
    const upstream = await startUpstream((_request, response) => {
      answerJson(response, JSON.stringify(body).padEnd(3_000, ' '));
    });
    const { client: upstreamClient } = client(upstream, { maxBodyBytes: 2_000 });

    const error = await failure(ask(upstreamClient, { token: TOKEN, priority: ROWS }));

    expect(error).toMatchObject({ code: 'upstream_too_large', status: 502 });
  },
);

test('a page of records is trimmed to its limit once, before it is cached, with one log line', async () => {
  const rows = Array.from({ length: 300 }, (_, index) => ({ sid: `EV${index}`, type: 'Note' }));
  const upstream = await startUpstream((_request, response) => {
    setTimeout(() => {
      answerJson(response, JSON.stringify({ total: 300, results: rows }));
    }, 30);
  });
  const { client: upstreamClient, logs } = client(upstream);
  const source = SESSION_RECORD_SOURCES.annotations;
  const page = { offset: 40, limit: 20, sortOrder: 'DESC' } as const;

  const pages = await Promise.all(
    [1, 2, 3].map(() =>
      upstreamClient.fetch(source, DETAIL_SIDS, page, { token: TOKEN, priority: ROWS }),
    ),
  );

  expect(upstream.requests.map((request) => request.url)).toEqual([
    `${buildPath(SESSION_RECORD_ENDPOINTS.annotations.route, DETAIL_SIDS)}?offset=40&limit=20&sortOrder=DESC`,
  ]);
  for (const upstreamPage of pages) {
    // Trimmed in what the client hands out (and caches), not only in what the route answers.
    expect(upstreamPage.results).toHaveLength(20);
    const records = source.toAnswer(upstreamPage, DETAIL_SIDS, page);
    expect(records).toMatchObject({ total: 300, offset: 40, limit: 20 });
    expect(records.results.map((entry) => entry.key)).toEqual(rows.slice(0, 20).map((r) => r.sid));
  }
  expect(logs.map((line) => line.fields)).toEqual([
    {
      event: 'upstream_page_trimmed',
      path: buildPath(SESSION_RECORD_ENDPOINTS.annotations.route, DETAIL_SIDS),
      rows: 300,
      limit: 20,
    },
  ]);
});

test('a session detail failure is logged by path, without the token', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, '<html>down</html>', 500);
  });
  const { client: upstreamClient, logs } = client(upstream);

  const error = await failure(
    upstreamClient.fetch(sessionDetailSource, DETAIL_SIDS, undefined, {
      token: TOKEN,
      priority: ROWS,
    }),
  );

  expect(error.message).toBe(
    'The SmarterProctoring API answered with HTTP 500 instead of this exam session. Try again in a few minutes.',
  );
  expect(logs[0]?.fields).toMatchObject({
    event: 'upstream_failure',
    path: sessionDetailEndpoint.path(DETAIL_SIDS, undefined),
    code: 'upstream_error',
  });
  expect(JSON.stringify(logs)).not.toContain(TOKEN);
});

// ---------------------------------------------------------------------------
// 12. Holds that grow with each 429 in a row
// ---------------------------------------------------------------------------

test('with Retry-After: 1 for 60 s, at most 8 calls reach the upstream however many callers ask', async () => {
  let clock = 1_000_000;
  const limitedUntil = clock + 60_000;
  const upstream = await startUpstream((_request, response) => {
    if (clock < limitedUntil) answerJson(response, '{}', 429, { 'retry-after': '1' });
    else answerJson(response, listBody(1));
  });
  const { client: upstreamClient } = client(upstream, { now: () => clock });
  let offset = 0;
  let askedWhileLimited = 0;
  let answeredAfter = 0;

  // The first 429; calls already out when it arrives could not have been held.
  await failure(
    upstreamClient.fetch(sessionListSource, SIDS, query(), { token: TOKEN, priority: ROWS }),
  );
  // Then ten callers every half second, each for another page so that none share a call.
  for (clock += 500; clock < limitedUntil + 10_000; clock += 500) {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        upstreamClient.fetch(sessionListSource, SIDS, query({ offset: (offset += 1) }), {
          token: TOKEN,
          priority: ROWS,
        }),
      ),
    );
    if (clock < limitedUntil) askedWhileLimited = upstream.requests.length;
    else answeredAfter += results.filter((result) => result.status === 'fulfilled').length;
  }

  // At 0, 1, 3, 7, 15 and 31 s: each hold twice the last.
  expect(askedWhileLimited).toBeLessThanOrEqual(8);
  expect(answeredAfter).toBeGreaterThan(0);
});

// ---------------------------------------------------------------------------
// 13. Circuit breaker
// ---------------------------------------------------------------------------

test('after three slow answers in a row the circuit opens; 5 s later one probe passes and closes it', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  let answering = false;
  const upstream = await startUpstream((_request, response) => {
    if (answering) answerJson(response, listBody(1));
    // A status line, then a body that never ends: slow, not silent.
    else response.writeHead(200, { 'content-type': 'application/json' }).write('{');
  });
  const { client: upstreamClient } = client(upstream, { timeoutMs: 100 });
  const page = (offset: number) =>
    upstreamClient.fetch(sessionListSource, SIDS, query({ offset }), {
      token: TOKEN,
      priority: ROWS,
    });

  for (const offset of [0, 1, 2])
    expect((await failure(page(offset))).code).toBe('upstream_timeout');
  const refused = await failure(page(3));

  expect(refused).toMatchObject({
    code: 'upstream_unavailable',
    status: 503,
    retryAfterSeconds: 5,
  });
  expect(refused.message).toBe(
    'SmarterProctoring is not answering; the dashboard tries again in 5 s.',
  );
  vi.setSystemTime(Date.now() + 4_000);
  expect(await failure(page(4))).toMatchObject({ retryAfterSeconds: 1 });
  expect(upstream.requests).toHaveLength(3);

  vi.setSystemTime(Date.now() + 1_000);
  answering = true;
  const probe = page(5);
  expect((await failure(page(6))).code).toBe('upstream_unavailable');
  await probe;
  await page(7);
  expect(upstream.requests).toHaveLength(5);
});

test('a probe that times out opens the circuit for another 5 s', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  const upstream = await startUpstream(() => undefined);
  const { client: upstreamClient } = client(upstream, { timeoutMs: 100 });
  const page = (offset: number) =>
    failure(
      upstreamClient.fetch(sessionListSource, SIDS, query({ offset }), {
        token: TOKEN,
        priority: ROWS,
      }),
    );

  // Silent (the connection taken, nothing said): one timeout opens the circuit.
  expect((await page(0)).code).toBe('upstream_timeout');
  expect((await page(1)).code).toBe('upstream_unavailable');
  vi.setSystemTime(Date.now() + 5_000);
  expect((await page(2)).code).toBe('upstream_timeout');

  expect(await page(3)).toMatchObject({ code: 'upstream_unavailable', retryAfterSeconds: 5 });
  expect(upstream.requests).toHaveLength(2);
});

test('answers of any status and calls their callers cancel never open the circuit', async () => {
  let status = 500;
  const upstream = await startUpstream((_request, response) => {
    if (status !== 0) answerJson(response, '{}', status);
  });
  const { client: upstreamClient } = client(upstream, { timeoutMs: 2_000 });
  const page = (offset: number, signal?: AbortSignal) =>
    failure(
      upstreamClient.fetch(sessionListSource, SIDS, query({ offset }), {
        token: TOKEN,
        priority: ROWS,
        ...(signal === undefined ? {} : { signal }),
      }),
    );

  for (const offset of [0, 1, 2, 3]) expect((await page(offset)).code).toBe('upstream_error');
  status = 404;
  for (const offset of [4, 5, 6, 7]) expect((await page(offset)).code).toBe('not_found');
  status = 0;
  for (const offset of [8, 9, 10, 11]) {
    const leaving = new AbortController();
    const cancelled = page(offset, leaving.signal);
    await until(() => upstream.requests.length === offset + 1);
    leaving.abort();
    await cancelled;
  }
  status = 500;

  expect((await page(12)).code).toBe('upstream_error');
  expect(upstream.requests).toHaveLength(13);
});

test('readiness reports an open circuit without asking the upstream', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  const upstream = await startUpstream(() => undefined);
  const { client: upstreamClient } = client(upstream, { timeoutMs: 100 });

  await failure(
    upstreamClient.fetch(sessionListSource, SIDS, query({ offset: 0 }), {
      token: TOKEN,
      priority: ROWS,
    }),
  );

  expect(await upstreamClient.checkReady(TOKEN)).toEqual({
    ready: false,
    detail: 'upstream not answering (circuit open); next probe in 5 s',
  });
  expect(upstream.requests).toHaveLength(1);
});

test('an upstream that never answers: the second page load gets its message within 2 s', async () => {
  const upstream = await startUpstream(() => undefined);
  // Longer than 2 s, so that only a refusal can answer the second load in time.
  const { client: upstreamClient } = client(upstream, { timeoutMs: 2_500 });
  const app = createApp({
    upstream: upstreamClient,
    access: { mode: 'shared', tokens: staticToken(TOKEN) },
    log: () => undefined,
  });
  // A list page asks for its rows alone until they show: one call, one timeout.
  const pageLoad = () => app.request(sessionListEndpoint.apiPath(SIDS, DEFAULT_LIST_QUERY));

  expect((await pageLoad()).status).toBe(504);
  const started = performance.now();
  const list = await pageLoad();

  expect(performance.now() - started).toBeLessThan(2_000);
  expect(list.status).toBe(503);
  const body = apiErrorBodySchema.parse(await list.json());
  expect(body.code).toBe('upstream_unavailable');
  // Counted from when the circuit opened, during the first load.
  expect(body.retryAfterSeconds).toBeGreaterThanOrEqual(4);
  expect(list.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));
});

// ---------------------------------------------------------------------------
// 14. Quota budget
// ---------------------------------------------------------------------------

function budgetApp(upstream: TestUpstream, callsPerMinute: number, now: () => number) {
  const { client: upstreamClient, logs } = client(upstream, { callsPerMinute, now });
  const app = createApp({
    upstream: upstreamClient,
    access: { mode: 'shared', tokens: staticToken(TOKEN) },
    log: () => undefined,
  });
  return { app, upstreamClient, logs };
}

test('when rows have spent the minute’s budget, the list says so in staff words and when it asks again', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, listBody(1));
  });
  let clock = 1_000_000;
  const { app } = budgetApp(upstream, 10, () => clock);
  const list = (offset: number) =>
    app.request(sessionListEndpoint.apiPath(SIDS, query({ offset })));

  for (let offset = 0; offset < 10; offset += 1) expect((await list(offset)).status).toBe(200);
  clock += 20_000;
  const refused = await list(10);

  expect(refused.status).toBe(429);
  expect(refused.headers.get('retry-after')).toBe('41');
  expect(apiErrorBodySchema.parse(await refused.json())).toEqual({
    code: 'quota_spent',
    status: 429,
    retryAfterSeconds: 41,
    message:
      "The dashboard has used this minute's share of SmarterProctoring calls (10 a minute), so that learners can still start exams. It asks again in 41 seconds.",
  });
  expect(upstream.requests).toHaveLength(10);
});

test('a request the browser marks as a prefetch is held back once prefetch’s share is spent; rows still pass', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, listBody(1));
  });
  const { app } = budgetApp(upstream, 100, () => 1_000_000);
  const prefetch = { [QUOTA_PRIORITY_HEADER]: 'prefetch' };
  const list = (offset: number, headers: Record<string, string> = {}) =>
    app.request(sessionListEndpoint.apiPath(SIDS, query({ offset })), { headers });

  // Prefetch may take 5 % of 100 calls a minute.
  for (let offset = 0; offset < 5; offset += 1) {
    expect((await list(offset, prefetch)).status).toBe(200);
  }
  const heldBack = await list(5, prefetch);
  expect(heldBack.status).toBe(429);
  const body = apiErrorBodySchema.parse(await heldBack.json());
  expect(body.code).toBe('quota_held_back');
  expect(body.message).toMatch(/^Held back to spare the API quota: /);
  expect((await list(5)).status).toBe(200);
});

test('cache hits and shared calls spend no budget', async () => {
  const upstream = await startUpstream((_request, response) => {
    setTimeout(() => {
      answerJson(response, listBody(1));
    }, 30);
  });
  const { upstreamClient } = budgetApp(upstream, 10, () => 1_000_000);
  const page = (offset: number) =>
    upstreamClient.fetch(sessionListSource, SIDS, query({ offset }), {
      token: TOKEN,
      priority: ROWS,
    });

  await Promise.all(Array.from({ length: 100 }, () => page(0)));
  await Promise.all(Array.from({ length: 100 }, () => page(0)));
  for (let offset = 1; offset < 10; offset += 1) await page(offset);
  expect(upstream.requests).toHaveLength(10);

  expect((await failure(page(10))).code).toBe('quota_spent');
});

test('the status counts take their calls all at once or not at all', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, listBody(1, 4));
  });
  const { app } = budgetApp(upstream, 100, () => 1_000_000);
  const counts = (sids: typeof SIDS, includeActive: boolean) =>
    app.request(statusCountsEndpoint.apiPath(sids, { includeActive }));
  const otherExam = { ...SIDS, examSid: `EX${'9'.repeat(32)}` };
  const thirdExam = { ...SIDS, examSid: `EX${'8'.repeat(32)}` };

  // Counts may take 15 % of 100 calls a minute: seven, then eight with in-progress, not seven more.
  expect((await counts(SIDS, false)).status).toBe(200);
  expect((await counts(otherExam, true)).status).toBe(200);
  const refused = await counts(thirdExam, false);

  expect(refused.status).toBe(429);
  expect(apiErrorBodySchema.parse(await refused.json())).toMatchObject({
    code: 'quota_held_back',
    retryAfterSeconds: 61,
  });
  expect(upstream.requests).toHaveLength(15);
  // Reused answers need no budget.
  expect((await counts(SIDS, false)).status).toBe(200);
  expect(upstream.requests).toHaveLength(15);
});

test('a flood of refused calls is logged as one line, then one summary', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, listBody(1));
  });
  const { upstreamClient, logs } = budgetApp(upstream, 10, () => 1_000_000);

  for (let offset = 0; offset < 1_000; offset += 1) {
    await upstreamClient
      .fetch(sessionListSource, SIDS, query({ offset }), { token: TOKEN, priority: ROWS })
      .catch(() => undefined);
  }
  expect(logs).toHaveLength(1);
  await upstreamClient.close();

  expect(logs.map((line) => line.fields?.event)).toEqual([
    'upstream_failure',
    'upstream_failure_summary',
  ]);
  expect(logs[0]?.fields).toMatchObject({ code: 'quota_spent', status: 429 });
  expect(logs[1]?.fields).toMatchObject({ code: 'quota_spent', count: 989 });
});

// ---------------------------------------------------------------------------
// 15. Stale answers served while they are refreshed (context and counts)
// ---------------------------------------------------------------------------

test('a stale count is answered at once and refreshed in the background by one call', async () => {
  let total = 1;
  const upstream = await startUpstream((_request, response) => {
    setTimeout(() => {
      answerJson(response, listBody(1, total));
    }, 30);
  });
  let clock = 1_000_000;
  const { client: upstreamClient } = client(upstream, { now: () => clock });
  const sources: string[] = [];
  const count = (priority: QuotaPriority) =>
    upstreamClient.fetch(sessionListSource, SIDS, query({ limit: 1 }), {
      token: TOKEN,
      priority,
      reuseMs: 60_000,
      observe: (observation) => sources.push(observation.source),
    });

  await count('counts');
  total = 2;
  clock += 60_000;
  const stale = await Promise.all([count('counts'), count('counts'), count('counts')]);

  expect(stale.map((list) => list.total)).toEqual([1, 1, 1]);
  // Rows are never answered stale: this one waits for the refresh, and shares it.
  expect((await count('rows')).total).toBe(2);
  expect((await count('counts')).total).toBe(2);
  expect(sources).toEqual(['network', 'stale', 'stale', 'stale', 'shared', 'cache']);
  expect(upstream.requests).toHaveLength(2);
});

test('rows refreshed at a lower priority are never answered stale: only what an endpoint declares as context or counts is', async () => {
  // Each answer counts the calls so far, so a stale one shows.
  let total = 0;
  const upstream = await startUpstream((_request, response) => {
    total += 1;
    answerJson(response, listBody(1, total));
  });
  let clock = 1_000_000;
  const { client: upstreamClient } = client(upstream, { now: () => clock });
  // A live refresh of the list: asked at context, its endpoint declares rows.
  const refresh = async () =>
    (
      await upstreamClient.fetch(sessionListSource, SIDS, query({}), {
        token: TOKEN,
        priority: 'context',
        declaredPriority: 'rows',
      })
    ).total;

  expect(await refresh()).toBe(1);
  clock += sessionListEndpoint.reuseMs + 1;
  expect(await refresh()).toBe(2);
});

test('while the budget refuses the refresh, the stale answer is served until its window ends', async () => {
  const upstream = await startUpstream((_request, response) => {
    answerJson(response, listBody(1));
  });
  let clock = 1_000_000;
  // Counts may take 2 of 10 calls a minute.
  const { client: upstreamClient } = client(upstream, { now: () => clock, callsPerMinute: 10 });
  const count = (offset: number) =>
    upstreamClient.fetch(sessionListSource, SIDS, query({ limit: 1, offset }), {
      token: TOKEN,
      priority: 'counts',
      // As long as the budget's window (QUOTA_WINDOW_MS), so both turn together.
      reuseMs: 61_000,
    });
  let otherOffset = 0;
  const spendCountsShare = async () => {
    await count((otherOffset += 1));
    await count((otherOffset += 1));
  };

  await count(0);
  clock += 61_001;
  await spendCountsShare();
  await count(0);
  clock += 60_998;
  await count(0);
  expect(upstream.requests).toHaveLength(3);

  // Twice its reuse: no longer served, and the share is spent again.
  clock += 2;
  await spendCountsShare();
  expect(await failure(count(0))).toMatchObject({ code: 'quota_held_back', status: 429 });
  expect(upstream.requests).toHaveLength(5);
});
