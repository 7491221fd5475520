import { expect, test } from 'vitest';
import { ApiError, isTransient, type ClientErrorCode } from '#src/api/http.ts';

/**
 * Every code with the HTTP status it comes with, and whether it may pass by itself: a new code
 * does not compile until it is placed here.
 */
const CODES: Record<ClientErrorCode, { status: number | null; transient: boolean }> = {
  server_unreachable: { status: null, transient: true },
  upstream_unreachable: { status: 502, transient: true },
  upstream_error: { status: 502, transient: true },
  internal_error: { status: 500, transient: true },
  offline: { status: null, transient: false },
  upstream_timeout: { status: 504, transient: false },
  malformed_response: { status: 502, transient: false },
  upstream_too_large: { status: 502, transient: false },
  token_refused: { status: 502, transient: false },
  token_unavailable: { status: 502, transient: false },
  rate_limited: { status: 429, transient: false },
  too_many_requests: { status: 429, transient: false },
  quota_spent: { status: 429, transient: false },
  quota_held_back: { status: 429, transient: false },
  upstream_unavailable: { status: 503, transient: false },
  bad_request: { status: 400, transient: false },
  not_found: { status: 404, transient: false },
  route_not_found: { status: 404, transient: false },
  method_not_allowed: { status: 405, transient: false },
  uri_too_long: { status: 414, transient: false },
  sign_in_required: { status: 401, transient: false },
  session_expired: { status: 401, transient: false },
  user_token_refused: { status: 401, transient: false },
};

test.each(Object.entries(CODES))('isTransient: %s', (code, { status, transient }) => {
  expect(isTransient(new ApiError(code as ClientErrorCode, 'Failed.', status))).toBe(transient);
});

test('a 4xx without our error body reads as upstream_error but is not retried', () => {
  expect(isTransient(new ApiError('upstream_error', 'HTTP 413.', 413))).toBe(false);
  expect(isTransient(new ApiError('upstream_error', 'HTTP 503.', 503))).toBe(true);
});

test('anything that is not an ApiError (an abort, a bug) is not retried', () => {
  expect(isTransient(new DOMException('Aborted', 'AbortError'))).toBe(false);
  expect(isTransient(new TypeError('x is undefined'))).toBe(false);
});
