import type { Context } from 'hono';
import type { ApiErrorBody, ApiErrorCode } from '#src/api/contract.ts';

/** Every HTTP status our API answers errors with. */
export type ApiErrorStatus = 400 | 404 | 429 | 500 | 502 | 504;

/** Sends the contract's error body; a 429 also carries Retry-After when the upstream gave one. */
export function sendApiError(
  c: Context,
  status: ApiErrorStatus,
  code: ApiErrorCode,
  message: string,
  retryAfterSeconds?: number,
): Response {
  const body: ApiErrorBody = { code, message, status };
  if (retryAfterSeconds !== undefined) {
    body.retryAfterSeconds = retryAfterSeconds;
    c.header('Retry-After', String(retryAfterSeconds));
  }
  return c.json(body, status);
}
