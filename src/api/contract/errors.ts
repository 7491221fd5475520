import { z } from 'zod/mini';

const API_ERROR_CODES = [
  'bad_request',
  'route_not_found',
  'token_refused',
  /** The server could not get its own token (client credentials): only an administrator can help. */
  'token_unavailable',
  'not_found',
  'rate_limited',
  'upstream_error',
  'upstream_unreachable',
  'upstream_timeout',
  'malformed_response',
  'upstream_too_large',
  /** Our own per-minute limit; `rate_limited` is the upstream's. */
  'too_many_requests',
  /** The minute's upstream budget is spent (rows), or too low for this extra (held back). */
  'quota_spent',
  'quota_held_back',
  /** The circuit breaker is open: the upstream stopped answering. */
  'upstream_unavailable',
  'method_not_allowed',
  'uri_too_long',
  // Per-user sign-in only.
  'sign_in_required',
  'session_expired',
  'user_token_refused',
  'internal_error',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const apiErrorBodySchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  status: z.number().check(z.int()),
  /** Seconds to wait before retrying (429): the upstream's Retry-After or our own limiter's. */
  retryAfterSeconds: z.optional(z.number().check(z.nonnegative())),
});

export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
