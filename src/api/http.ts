/**
 * The browser's one way to call our server: same-origin `/api`, every body parsed with a
 * contract schema, every failure turned into an ApiError a page can explain in plain words.
 */
import type { z } from 'zod/mini';
import { apiErrorBodySchema, type ApiErrorCode } from '#src/api/contract/errors.ts';

/** Server codes plus the failures only the browser can see. */
export type ClientErrorCode = ApiErrorCode | 'offline' | 'server_unreachable';

export class ApiError extends Error {
  readonly code: ClientErrorCode;
  readonly status: number | null;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ClientErrorCode,
    message: string,
    status: number | null,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const TRANSIENT_CODES: ReadonlySet<ClientErrorCode> = new Set([
  'server_unreachable',
  'upstream_unreachable',
  'upstream_error',
  'internal_error',
]);

/**
 * Failures that may pass by themselves, so retrying after a pause is worth it: our server could
 * not be reached (restarting, a network blip), or the upstream was unreachable or failed in a way
 * that is often brief. Not retried:
 * - any 4xx, sign-in included: the same request gets the same refusal (a bare 4xx from a proxy
 *   also reads as upstream_error, hence the status check);
 * - 429 (rate_limited, too_many_requests): we were told to wait, and ApiErrorPanel waits as told;
 * - upstream_timeout: a retry doubles the wait on an upstream that is already slow, and adds load;
 * - malformed_response, upstream_too_large: the same request gets the same answer;
 * - offline: a retry within seconds fails again at once; the query is fetched again when the
 *   browser is back online (refetchOnReconnect in createQueryClient).
 */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    TRANSIENT_CODES.has(error.code) &&
    (error.status === null || error.status >= 500)
  );
}

export async function fetchJson<Schema extends z.ZodMiniType>(
  path: string,
  schema: Schema,
  signal?: AbortSignal,
): Promise<z.infer<Schema>> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (!navigator.onLine) {
      throw new ApiError('offline', 'This computer is offline.', null);
    }
    throw new ApiError('server_unreachable', 'The dashboard server could not be reached.', null);
  }

  const body: unknown = await response.json().catch(() => undefined);

  if (!response.ok) {
    const parsed = apiErrorBodySchema.safeParse(body);
    if (parsed.success) {
      const { code, message, status, retryAfterSeconds } = parsed.data;
      throw new ApiError(code, message, status, retryAfterSeconds);
    }
    throw new ApiError(
      response.status === 404 ? 'route_not_found' : 'upstream_error',
      `The dashboard server answered with HTTP ${response.status}.`,
      response.status,
    );
  }

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(
      'malformed_response',
      'The dashboard server sent data in a shape this page does not understand.',
      response.status,
    );
  }
  return parsed.data;
}
