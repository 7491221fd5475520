/**
 * The upstream's HTTP layer: one keep-alive connection pool with a per-origin cap, and GETs whose
 * bodies are read as a stream up to a byte cap. It knows nothing of tokens' meaning or of errors
 * for staff; upstream.ts maps what happened here to those.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, fetch, type Headers } from 'undici';

export interface UpstreamHttpOptions {
  /** Connections per upstream origin; further requests wait in the pool's queue. */
  maxConnections: number;
  timeoutMs: number;
  /** Largest body, after decompression, that is read before the request is abandoned. */
  maxBodyBytes: number;
}

/** What one GET came to. `status` is set whenever the upstream's status line arrived. */
export type HttpResult =
  | { kind: 'answer'; status: number; headers: Headers; body: Buffer }
  | { kind: 'too_large'; status: number; detail: string }
  | { kind: 'timeout'; status: number | undefined }
  /** The `giveUp` signal fired: nobody is waiting for this answer any more. */
  | { kind: 'given_up'; status: number | undefined }
  | { kind: 'network'; status: number | undefined; detail: string };

export interface UpstreamHttp {
  /** Never rejects: every way a request can end is an HttpResult. */
  get(url: string, headers: Record<string, string>, giveUp: AbortSignal): Promise<HttpResult>;
  close(): Promise<void>;
}

/** How long close() lets requests in flight finish before it cuts them. */
const CLOSE_GRACE_MS = 1_000;

export function createUpstreamHttp({
  maxConnections,
  timeoutMs,
  maxBodyBytes,
}: UpstreamHttpOptions): UpstreamHttp {
  // Keep-alive saves a TLS handshake per call; the cap keeps a burst of callers from opening
  // hundreds of connections with one institution's token.
  const agent = new Agent({ connections: maxConnections });
  /** Requests in flight, each with the controller that drops it (for close()). */
  const inFlight = new Map<AbortController, Promise<HttpResult>>();
  let closed: Promise<void> | null = null;

  async function send(
    url: string,
    headers: Record<string, string>,
    giveUp: AbortSignal,
    stop: AbortController,
  ): Promise<HttpResult> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let status: number | undefined;
    try {
      const response = await fetch(url, {
        headers,
        // A followed redirect would carry the token header to wherever it points.
        redirect: 'manual',
        // The timeout runs until the last byte of the body, not just the status line.
        signal: AbortSignal.any([timeout, giveUp, stop.signal]),
        dispatcher: agent,
      });
      status = response.status;
      // Content-Length counts encoded bytes, so this only catches what is too large already.
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > maxBodyBytes) {
        stop.abort();
        return { kind: 'too_large', status, detail: `Content-Length ${declared}` };
      }
      const body = await readCapped(response.body, maxBodyBytes);
      if (body === null) {
        stop.abort();
        return { kind: 'too_large', status, detail: `body over ${maxBodyBytes} bytes` };
      }
      return { kind: 'answer', status, headers: response.headers, body };
    } catch (error) {
      if (timeout.aborted) return { kind: 'timeout', status };
      // Given up by the caller, or cut by close(): either way nobody is waiting for it.
      if (giveUp.aborted || stop.signal.aborted) return { kind: 'given_up', status };
      return { kind: 'network', status, detail: describeNetworkError(error) };
    }
  }

  async function close(): Promise<void> {
    // Shutdown comes after the server stopped answering: requests still running by then get a
    // moment to finish, not their whole timeout. (undici's destroy() after a pending close()
    // leaves fetches hanging, so they are cut here, one by one.)
    await Promise.race([
      Promise.all(inFlight.values()),
      sleep(CLOSE_GRACE_MS, undefined, { ref: false }),
    ]);
    for (const stop of inFlight.keys()) stop.abort();
    await Promise.all(inFlight.values());
    await agent.close();
  }

  return {
    async get(url, headers, giveUp) {
      // Ours, to drop the request once its body is known to be too large, or on close().
      const stop = new AbortController();
      const result = send(url, headers, giveUp, stop);
      inFlight.set(stop, result);
      try {
        return await result;
      } finally {
        inFlight.delete(stop);
      }
    },
    close() {
      closed ??= close();
      return closed;
    },
  };
}

/** What readCapped needs of a body's reader; undici's and the DOM's streams both fit it. */
interface ChunkReader {
  read(): Promise<{ done: boolean; value?: unknown }>;
  cancel(): Promise<void>;
}

/**
 * Reads a body up to `maxBytes` of decoded bytes (undici inflates gzip as it is read, so a small
 * compressed bomb stops here too); null when it is larger. Throws when the stream fails.
 */
async function readCapped(
  stream: { getReader(): ChunkReader } | null,
  maxBytes: number,
): Promise<Buffer | null> {
  if (stream === null) return Buffer.alloc(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    if (!(value instanceof Uint8Array)) throw new TypeError('body chunk is not bytes');
    size += value.byteLength;
    if (size > maxBytes) {
      // Stops the inflating and the download; the caller also aborts the request.
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
}

/**
 * fetch hides the reason (ECONNREFUSED, UND_ERR_SOCKET…) in `cause`. Codes and names only: some
 * messages repeat header values, and a header holds the token.
 */
function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  if (cause instanceof Error) return cause.name;
  return error instanceof Error ? error.name : 'unknown error';
}
