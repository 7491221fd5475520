// See docs/decisions/head-before-rows.md.
import { PassThrough } from 'node:stream';
import { constants, createGzip, type Gzip } from 'node:zlib';
import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import type { ApiEnv } from '#server/http/api-env.ts';

export interface StreamedHtml {
  /** Sent at once: the head, so the browser asks for the stylesheet while the rest is made. */
  start: string;
  /** Sent when it comes; should it fail, the answer is cut short, as a broken connection is. */
  rest: Promise<string>;
  status: 200 | 404;
  headers: Record<string, string>;
}

/** Runs `done` once the answer is whole: at once, or when a streamed answer's last part is written. */
export function whenAnswered(c: Context<ApiEnv>, done: () => void): void {
  const bodyDone = c.get('bodyDone');
  if (bodyDone === undefined) done();
  else void bodyDone.then(done);
}

/**
 * An HTML answer in two parts, each flushed through the compressor as it comes. The access log and
 * the metrics wait for it (`whenAnswered`), so they count the whole page, not only its head.
 */
export function streamHtml(
  c: Context<ApiEnv>,
  { start, rest, status, headers }: StreamedHtml,
): Response {
  const encoding = accepts(c, {
    header: 'Accept-Encoding',
    supports: ['gzip'],
    default: 'identity',
  });
  const body: Gzip | PassThrough = encoding === 'gzip' ? createGzip() : new PassThrough();
  body.write(start);
  if ('flush' in body) body.flush(constants.Z_SYNC_FLUSH);
  // Settles either way, so that the log line and the metric are never lost or left waiting.
  c.set(
    'bodyDone',
    rest.then(
      (text) => {
        // A browser that left early has cancelled the stream: there is nothing to write to.
        if (!body.destroyed) body.end(text);
      },
      (error: unknown) => {
        body.destroy(error instanceof Error ? error : new Error(String(error)));
      },
    ),
  );
  // Copied into plain Uint8Arrays: a Buffer's may share a pooled ArrayBuffer.
  const stream = new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      body.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
      body.once('end', () => controller.close());
      body.once('error', (error) => controller.error(error));
    },
    cancel() {
      body.destroy();
    },
  });
  return c.body(stream, status, {
    ...headers,
    'Content-Type': 'text/html; charset=UTF-8',
    ...(encoding === 'gzip' ? { 'Content-Encoding': 'gzip' } : {}),
    Vary: 'Accept-Encoding',
  });
}
