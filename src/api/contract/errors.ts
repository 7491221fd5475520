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
  'internal_error',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const apiErrorBodySchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  status: z.number().check(z.int()),
  /** Seconds to wait before retrying, when the upstream said so (429). */
  retryAfterSeconds: z.optional(z.number().check(z.nonnegative())),
});

export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
