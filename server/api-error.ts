import type { ApiErrorBody, ApiErrorCode } from '#src/api/contract/errors.ts';

/** Every HTTP status our API answers errors with. */
export type ApiErrorStatus = 400 | 404 | 429 | 500 | 502 | 504;

/** The contract's error body; a 429 also carries Retry-After when the upstream gave one. */
export function apiErrorResponse(
  status: ApiErrorStatus,
  code: ApiErrorCode,
  message: string,
  retryAfterSeconds?: number,
): Response {
  const body: ApiErrorBody = { code, message, status };
  const headers = new Headers();
  if (retryAfterSeconds !== undefined) {
    body.retryAfterSeconds = retryAfterSeconds;
    headers.set('Retry-After', String(retryAfterSeconds));
  }
  return Response.json(body, { status, headers });
}
