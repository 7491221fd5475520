/** The error body our server answers with, whatever went wrong and wherever. */
import { z } from 'zod/mini';

const API_ERROR_CODES = [
  'bad_request',
  'route_not_found',
  'token_refused',
  'not_found',
  'rate_limited',
  'upstream_error',
  'upstream_unreachable',
  'upstream_timeout',
  'malformed_response',
  /** The upstream's answer was larger than the server will read. */
  'upstream_too_large',
  /** This browser (or script) sent more requests than the server allows per minute. */
  'too_many_requests',
  'method_not_allowed',
  'uri_too_long',
  /** Per-user sign-in: no session cookie, or one that cannot be read. */
  'sign_in_required',
  /** Per-user sign-in: the pasted token's expiry has passed. */
  'session_expired',
  /** Per-user sign-in: SmarterProctoring refused the signed-in user's own token. */
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
