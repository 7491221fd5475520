// See docs/decisions/upstream-request-bounds.md. client.ts maps these results to errors for staff.
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, fetch, type Headers } from 'undici';

export interface UpstreamHttpOptions {
  maxConnections: number;
  /** Until the last byte of the body. */
  timeoutMs: number;
  /** After decompression. */
  maxBodyBytes: number;
}

/** `status` is set whenever the upstream's status line arrived. */
export type HttpResult =
  | { kind: 'answer'; status: number; headers: Headers; body: Buffer }
  | { kind: 'too_large'; status: number; detail: string }
  | { kind: 'timeout'; status: number | undefined }
  | { kind: 'given_up'; status: number | undefined }
  | { kind: 'network'; status: number | undefined; detail: string };

export interface UpstreamHttp {
  /** Never rejects. */
  get(url: string, headers: Record<string, string>, giveUp: AbortSignal): Promise<HttpResult>;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 1_000;

export function createUpstreamHttp({
  maxConnections,
  timeoutMs,
  maxBodyBytes,
}: UpstreamHttpOptions): UpstreamHttp {
  const agent = new Agent({ connections: maxConnections });
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
        // A followed redirect would carry the token header along.
        redirect: 'manual',
        signal: AbortSignal.any([timeout, giveUp, stop.signal]),
        dispatcher: agent,
      });
      status = response.status;
      // Content-Length counts encoded bytes: readCapped counts the decoded ones.
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
      if (giveUp.aborted || stop.signal.aborted) return { kind: 'given_up', status };
      return { kind: 'network', status, detail: describeNetworkError(error) };
    }
  }

  async function close(): Promise<void> {
    // undici's destroy() after a pending close() leaves fetches hanging: cut them one by one.
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
      // Drops the request once its body is too large, or on close().
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

/** Undici's and the DOM's stream readers both fit. */
interface ChunkReader {
  read(): Promise<{ done: boolean; value?: unknown }>;
  cancel(): Promise<void>;
}

/** Null past `maxBytes`; undici inflates as it reads, so a compressed bomb stops here too. */
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
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
}

/** Codes and names only: some messages repeat header values, and a header holds the token. */
function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') {
    return cause.code;
  }
  if (cause instanceof Error) return cause.name;
  return error instanceof Error ? error.name : 'unknown error';
}
