import { expect, test } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelay } from '#src/lib/backoff.ts';

test('without jitter the waits double from 1 s: 1 s, 2 s, 4 s, 8 s', () => {
  const middle = () => 0.5;
  expect([0, 1, 2, 3].map((failures) => backoffDelay(failures, middle))).toEqual([
    1_000, 2_000, 4_000, 8_000,
  ]);
});

test('jitter spreads each wait between half and one and a half times its step', () => {
  expect([0, 1, 2].map((failures) => backoffDelay(failures, () => 0))).toEqual([500, 1_000, 2_000]);
  expect([0, 1, 2].map((failures) => backoffDelay(failures, () => 0.999))).toEqual([
    1_499, 2_998, 5_996,
  ]);
});

test('no wait is longer than the cap', () => {
  expect(backoffDelay(3, () => 0.999)).toBe(BACKOFF_MAX_MS);
  expect(backoffDelay(20, () => 0.5)).toBe(BACKOFF_MAX_MS);
});
