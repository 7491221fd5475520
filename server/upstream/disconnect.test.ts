/**
 * Over real HTTP on both sides: a browser that goes away (a closed tab, a superseded view) takes
 * its upstream call with it, so a page nobody waits for costs the upstream nothing more.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { afterEach, expect, test } from 'vitest';
import { DEFAULT_LIST_QUERY, sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { createApp } from '#server/app.ts';
import { DEMO_SIDS } from '#server/demo-upstream/data.ts';
import { listen, type Listening } from '#server/http/listen.ts';
import { createUpstreamClient } from '#server/upstream/client.ts';
import { staticToken } from '#server/identity/shared-token.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

test('a browser that disconnects aborts the upstream call it caused', async () => {
  const upstreamRequests: IncomingMessage[] = [];
  const closed: IncomingMessage[] = [];
  // An upstream that never answers, and notes when its caller hangs up.
  const upstream = createServer((request) => {
    upstreamRequests.push(request);
    request.socket.once('close', () => closed.push(request));
  });
  upstream.listen(0, '127.0.0.1');
  await once(upstream, 'listening');
  const address = upstream.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  cleanups.push(
    () =>
      new Promise((resolve) => {
        upstream.closeAllConnections();
        upstream.close(() => resolve());
      }),
  );

  const client = createUpstreamClient({
    baseUrl: `http://127.0.0.1:${port}`,
    timeoutMs: 30_000,
    log: () => undefined,
  });
  const server: Listening = await listen(
    createApp({
      upstream: client,
      access: { mode: 'shared', tokens: staticToken('disconnect-token') },
      log: () => undefined,
    }),
    0,
    '127.0.0.1',
  );
  cleanups.push(() => client.close());
  cleanups.push(() => server.close());

  const browser = new AbortController();
  const page = fetch(
    `http://127.0.0.1:${server.port}${sessionListEndpoint.apiPath(DEMO_SIDS.busy, DEFAULT_LIST_QUERY)}`,
    { signal: browser.signal },
  ).catch((error: unknown) => error);
  await expect.poll(() => upstreamRequests.length).toBe(1);
  expect(closed).toHaveLength(0);

  browser.abort();
  await page;

  await expect.poll(() => closed.length, { timeout: 5_000 }).toBe(1);
});
