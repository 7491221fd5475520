import type { Context } from 'hono';
import type { ApiErrorBody, ApiErrorCode } from '#src/api/contract/errors.ts';
import type { ApiEnv } from '#server/http/api-env.ts';

export type ApiErrorStatus = 400 | 401 | 404 | 405 | 414 | 421 | 429 | 500 | 502 | 503 | 504;

/** What noting the code needs, which every route's context has. */
type ErrorContext = Pick<Context<ApiEnv>, 'set'>;

/** Notes the code for the access log; `headers` adds what a status requires (Allow on a 405). */
export function apiErrorResponse(
  c: ErrorContext,
  status: ApiErrorStatus,
  code: ApiErrorCode,
  message: string,
  retryAfterSeconds?: number,
  headers: Record<string, string> = {},
): Response {
  c.set('errorCode', code);
  const body: ApiErrorBody = { code, message, status };
  const responseHeaders = new Headers(headers);
  if (retryAfterSeconds !== undefined) {
    body.retryAfterSeconds = retryAfterSeconds;
    responseHeaders.set('Retry-After', String(retryAfterSeconds));
  }
  return Response.json(body, { status, headers: responseHeaders });
}
