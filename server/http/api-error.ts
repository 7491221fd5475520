import type { ApiErrorBody, ApiErrorCode } from '#src/api/contract/errors.ts';

export type ApiErrorStatus = 400 | 401 | 404 | 405 | 414 | 421 | 429 | 500 | 502 | 503 | 504;

/** `headers` adds what a status requires (Allow on a 405). */
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
