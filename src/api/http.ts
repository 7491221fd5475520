// See docs/decisions/client-retries-and-offline.md.
import type { z } from 'zod/mini';
import { QUOTA_PRIORITY_HEADER, type QuotaPriority } from '#src/api/contract/endpoint.ts';
import { apiErrorBodySchema, type ApiErrorCode } from '#src/api/contract/errors.ts';

export type ClientErrorCode = ApiErrorCode | 'offline' | 'server_unreachable';

export class ApiError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number | null;
  readonly retryAfterSeconds: number | undefined;
  /** The priority the request was sent at, when lower than its endpoint's own. */
  readonly askedPriority: QuotaPriority | undefined;
  /** Our server's X-Request-Id, which finds the request in its log. */
  readonly requestId: string | undefined;

  constructor(
    code: ClientErrorCode,
    message: string,
    status: number | null,
    retryAfterSeconds?: number,
    askedPriority?: QuotaPriority,
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.askedPriority = askedPriority;
    this.requestId = requestId;
  }
}

const TRANSIENT_CODES: ReadonlySet<ClientErrorCode> = new Set([
  'server_unreachable',
  'upstream_unreachable',
  'upstream_error',
  'internal_error',
]);

/** Worth retrying; the status check is there because a bare 4xx also reads as upstream_error. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    TRANSIENT_CODES.has(error.code) &&
    (error.status === null || error.status >= 500)
  );
}

/** With the backoff, about 7 s of trying: see docs/decisions/client-retries-and-offline.md. */
export const MAX_RETRIES = 3;

export function shouldRetry(failureCount: number, error: unknown): boolean {
  return failureCount < MAX_RETRIES && isTransient(error);
}

/** "Retrying (2 of 3)…" while a query asks again after a failure that may pass, else null. */
export function retryingText(query: {
  fetchStatus: string;
  failureCount: number;
  failureReason: unknown;
}): string | null {
  return query.fetchStatus === 'fetching' && isTransient(query.failureReason)
    ? `Retrying (${query.failureCount} of ${MAX_RETRIES})…`
    : null;
}

/** Refused to spare the institution's API quota: only ever an extra, never rows. */
export function isHeldBack(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'quota_held_back';
}

/** A page fetched ahead and held back: once someone watches it, it is worth asking as rows. */
export function isHeldBackPrefetch(error: unknown): boolean {
  return isHeldBack(error) && error.askedPriority === 'prefetch';
}

export async function fetchJson<Schema extends z.ZodMiniType>(
  path: string,
  schema: Schema,
  signal?: AbortSignal,
  /** Lower than the endpoint's own, when this request matters less (a prefetch, a refresh). */
  priority?: QuotaPriority,
): Promise<z.infer<Schema>> {
  let response: Response;
  const headers = {
    accept: 'application/json',
    ...(priority === undefined ? {} : { [QUOTA_PRIORITY_HEADER]: priority }),
  };
  try {
    response = await fetch(path, { signal, headers });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (!navigator.onLine) {
      throw new ApiError('offline', 'This computer is offline.', null);
    }
    throw new ApiError('server_unreachable', 'The dashboard server could not be reached.', null);
  }

  const body: unknown = await response.json().catch(() => undefined);
  const fail = (code: ClientErrorCode, message: string, status: number, retryAfter?: number) =>
    new ApiError(
      code,
      message,
      status,
      retryAfter,
      priority,
      response.headers.get('x-request-id') ?? undefined,
    );

  if (!response.ok) {
    const parsed = apiErrorBodySchema.safeParse(body);
    if (parsed.success) {
      const { code, message, status, retryAfterSeconds } = parsed.data;
      throw fail(code, message, status, retryAfterSeconds);
    }
    throw fail(
      response.status === 404 ? 'route_not_found' : 'upstream_error',
      `The dashboard server answered with HTTP ${response.status}.`,
      response.status,
    );
  }

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw fail(
      'malformed_response',
      'The dashboard server sent data in a shape this page does not understand.',
      response.status,
    );
  }
  return parsed.data;
}
