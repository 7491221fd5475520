import { expect, test } from 'vitest';
import { apiErrorBodySchema } from '#src/api/contract/errors.ts';

test('apiErrorBodySchema accepts a rate-limited error with retryAfterSeconds', () => {
  const body = {
    code: 'rate_limited',
    message: 'Too many requests; try again in 30 seconds.',
    status: 429,
    retryAfterSeconds: 30,
  };
  expect(apiErrorBodySchema.parse(body)).toStrictEqual(body);
});

test('apiErrorBodySchema rejects an unknown code or a negative retryAfterSeconds', () => {
  expect(apiErrorBodySchema.safeParse({ code: 'teapot', message: 'no', status: 418 }).success).toBe(
    false,
  );
  expect(
    apiErrorBodySchema.safeParse({
      code: 'rate_limited',
      message: 'wait',
      status: 429,
      retryAfterSeconds: -1,
    }).success,
  ).toBe(false);
  expect(
    apiErrorBodySchema.safeParse({ code: 'not_found', message: 'gone', status: 404 }).success,
  ).toBe(true);
});
