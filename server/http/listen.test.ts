import { request as httpRequest, Agent } from 'node:http';
import { Hono } from 'hono';
import { afterEach, expect, test } from 'vitest';
import { listen, type Listening } from '#server/http/listen.ts';

/** A server whose /slow answers only when the test calls `finish()`. */
async function startSlowServer() {
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let arrived: () => void = () => undefined;
  const slowArrived = new Promise<void>((resolve) => (arrived = resolve));
  const app = new Hono()
    .get('/fast', (c) => c.text('fast'))
    .get('/slow', async (c) => {
      arrived();
      await finished;
      return c.text('slow done');
    });
  const server = await listen(app, 0, '127.0.0.1');
  return { server, finish, slowArrived };
}

// Keep-alive, like browsers and proxies: an idle connection must not hold the close open.
const agent = new Agent({ keepAlive: true });
afterEach(() => agent.destroy());

function get(server: Listening, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port: server.port, path, agent }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

test('close lets a request in flight finish, then resolves without waiting out the grace', async () => {
  const { server, finish, slowArrived } = await startSlowServer();
  expect(await get(server, '/fast')).toEqual({ status: 200, body: 'fast' });
  const slow = get(server, '/slow');
  await slowArrived;

  const startedAt = Date.now();
  const closed = server.close(10_000);
  setTimeout(finish, 100);

  expect(await slow).toEqual({ status: 200, body: 'slow done' });
  await closed;
  expect(Date.now() - startedAt).toBeLessThan(2_000);
});

test('close refuses new connections at once', async () => {
  const { server, finish, slowArrived } = await startSlowServer();
  const slow = get(server, '/slow');
  await slowArrived;

  const closed = server.close(10_000);
  await expect(
    fetch(`http://127.0.0.1:${server.port}/fast`, { signal: AbortSignal.timeout(2_000) }),
  ).rejects.toThrow();

  finish();
  await slow;
  await closed;
});

test('close cuts a request still running when the grace ends', async () => {
  const { server, finish, slowArrived } = await startSlowServer();
  const slow = get(server, '/slow');
  await slowArrived;

  const startedAt = Date.now();
  await server.close(300);

  expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
  await expect(slow).rejects.toThrow();
  finish();
});
