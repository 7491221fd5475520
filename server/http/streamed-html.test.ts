/** The two-part HTML answer on its own: what leaves first, and what a failed second part does. */
import { Hono } from 'hono';
import { expect, test } from 'vitest';
import type { ApiEnv } from '#server/http/api-env.ts';
import { streamHtml } from '#server/http/streamed-html.ts';

const HEAD = '<!doctype html><title>t</title>';

/** An app whose one page streams HEAD, then what `rest` settles with; `settled` tells bodyDone's end. */
function pageApp(rest: Promise<string>) {
  const settled: { bodyDone: boolean } = { bodyDone: false };
  const app = new Hono<ApiEnv>();
  app.use(async (c, next) => {
    await next();
    void c.get('bodyDone')?.then(() => (settled.bodyDone = true));
  });
  app.get('/', (c) =>
    streamHtml(c, { start: HEAD, rest, status: 200, headers: { 'Cache-Control': 'no-store' } }),
  );
  return { app, settled };
}

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('without gzip too, the head is readable before the rest is made', async () => {
  const rest = deferred<string>();
  const { app, settled } = pageApp(rest.promise);

  const response = await app.request('/');
  const reader = response.body?.getReader();
  const first = await reader?.read();
  const headBeforeRest = new TextDecoder().decode(first?.value);
  rest.resolve('<div id="root"></div>');
  let text = headBeforeRest;
  for (let part = await reader?.read(); part?.done === false; part = await reader?.read()) {
    text += new TextDecoder().decode(part.value);
  }

  expect(response.headers.get('content-encoding')).toBeNull();
  expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
  expect(headBeforeRest).toBe(HEAD);
  expect(text).toBe(`${HEAD}<div id="root"></div>`);
  expect(settled.bodyDone).toBe(true);
});

test('a rest that fails cuts the answer short, and bodyDone still settles for the log', async () => {
  const rest = deferred<string>();
  const { app, settled } = pageApp(rest.promise);

  const response = await app.request('/', { headers: { 'Accept-Encoding': 'gzip' } });
  rest.reject(new Error('a bug after the head'));

  await expect(response.arrayBuffer()).rejects.toThrow();
  await expect.poll(() => settled.bodyDone).toBe(true);
});
