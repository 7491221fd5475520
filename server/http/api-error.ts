import type { ApiErrorBody, ApiErrorCode } from '#src/api/contract/errors.ts';

/** Every HTTP status our API answers errors with. */
export type ApiErrorStatus = 400 | 401 | 404 | 405 | 414 | 421 | 429 | 500 | 502 | 504;

/**
 * The contract's error body; a 429 also carries Retry-After when a wait is known, and `headers`
 * adds what a status requires (Allow on a 405).
 */
export function apiErrorResponse(
  status: ApiErrorStatus,
  code: ApiErrorCode,
  message: string,
  retryAfterSeconds?: number,
  headers: Record<string, string> = {},
): Response {
  const body: ApiErrorBody = { code, message, status };
  const responseHeaders = new Headers(headers);
  if (retryAfterSeconds !== undefined) {
    body.retryAfterSeconds = retryAfterSeconds;
    responseHeaders.set('Retry-After', String(retryAfterSeconds));
  }
  return Response.json(body, { status, headers: responseHeaders });
}
