import { expect, test } from 'vitest';
import { RateLimitHolds } from '#server/upstream/hold.ts';

const TOKEN = 'token-hash';

function holdsAt() {
  const clock = { now: 1_000_000 };
  const holds = new RateLimitHolds({ maxHoldSeconds: 120, now: () => clock.now });
  /** Each 429 arrives as the previous hold ends, as the one call then let through would see. */
  const heldInARow = (retryAfter: string | null, times: number) =>
    Array.from({ length: times }, () => {
      const seconds = holds.hold(TOKEN, retryAfter);
      clock.now += seconds * 1000;
      return seconds;
    });
  return { holds, clock, heldInARow };
}

test('429s in a row with Retry-After: 1 hold for 1, 2, 4, 8 … s, at most 120 s', () => {
  const { heldInARow } = holdsAt();

  expect(heldInARow('1', 9)).toEqual([1, 2, 4, 8, 16, 32, 64, 120, 120]);
});

test('without a Retry-After each hold is 30 s until the doubling passes it', () => {
  const { heldInARow } = holdsAt();

  expect(heldInARow(null, 8)).toEqual([30, 30, 30, 30, 30, 32, 64, 120]);
});

test('a 200 resets the count: the next 429 holds for its Retry-After again', () => {
  const { holds, heldInARow } = holdsAt();

  heldInARow('1', 4);
  holds.answered(TOKEN);

  expect(heldInARow('1', 2)).toEqual([1, 2]);
});

test('429s to calls that were already out when the hold began count as one', () => {
  const { holds, heldInARow } = holdsAt();

  expect([holds.hold(TOKEN, '1'), holds.hold(TOKEN, '1'), holds.hold(TOKEN, '1')]).toEqual([
    1, 1, 1,
  ]);
  expect(heldInARow('1', 1)).toEqual([1]);
  expect(heldInARow('1', 1)).toEqual([2]);
});

test('when a hold ends, one call asks at a time; the others wait a second', () => {
  const { holds, clock } = holdsAt();

  holds.hold(TOKEN, '5');
  clock.now += 4_001;
  expect(holds.remainingSeconds(TOKEN)).toBe(1);
  clock.now += 999;
  expect(holds.remainingSeconds(TOKEN)).toBeUndefined();
  const endProbe = holds.claimProbe(TOKEN);
  expect(holds.remainingSeconds(TOKEN)).toBe(1);
  endProbe();
  expect(holds.remainingSeconds(TOKEN)).toBeUndefined();
  // A token never held asks freely.
  holds.claimProbe('other')();
  expect(holds.remainingSeconds('other')).toBeUndefined();
});
