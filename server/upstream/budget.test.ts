import { expect, test } from 'vitest';
import type { QuotaPriority } from '#src/api/contract/endpoint.ts';
import { QuotaAllowance, QuotaBudget } from '#server/upstream/budget.ts';

const TOKEN = 'token-hash';

function budgetOf(callsPerMinute: number) {
  const clock = { now: 1_000_000 };
  const budget = new QuotaBudget({ callsPerMinute, now: () => clock.now });
  /** How many single calls at this priority pass before the first refusal. */
  const spendAll = (priority: QuotaPriority, token = TOKEN) => {
    let passed = 0;
    while (budget.take(token, priority).ok) passed += 1;
    return passed;
  };
  return { budget, clock, spendAll };
}

test('rows may spend the whole 300 a minute; the 301st waits until the oldest call leaves the window', () => {
  const { budget, clock, spendAll } = budgetOf(300);

  expect(spendAll('rows')).toBe(300);
  clock.now += 45_000;
  // The window is a minute and a second: see QUOTA_WINDOW_MS.
  expect(budget.take(TOKEN, 'rows')).toEqual({ ok: false, retryAfterSeconds: 16 });
  clock.now += 15_999;
  expect(budget.take(TOKEN, 'rows').ok).toBe(false);
  clock.now += 1;
  expect(spendAll('rows')).toBe(300);
});

test('as the minute’s budget runs low, the less a call matters the sooner it stops', () => {
  const { budget, spendAll } = budgetOf(300);

  // 210 rows calls: counts and prefetch stop (they keep 30 % and 50 % back), the rest go on.
  for (let call = 0; call < 210; call += 1) budget.take(TOKEN, 'rows');
  expect(budget.take(TOKEN, 'prefetch').ok).toBe(false);
  expect(budget.take(TOKEN, 'counts').ok).toBe(false);
  expect(spendAll('context')).toBe(255 - 210);
  expect(spendAll('detail')).toBe(285 - 255);
  expect(budget.take(TOKEN, 'context').ok).toBe(false);
  expect(spendAll('rows')).toBe(300 - 285);
});

test('in a fresh minute extras take only their share, so rows keep the rest', () => {
  const { spendAll } = budgetOf(300);

  expect(spendAll('prefetch')).toBe(15);
  // Each share counts the priorities below it too.
  expect(spendAll('counts')).toBe(45 - 15);
  expect(spendAll('context')).toBe(90 - 45);
  expect(spendAll('detail')).toBe(150 - 90);
  expect(spendAll('rows')).toBe(300 - 150);
});

test('the status counts’ seven calls are taken all or none, and the refusal says when they fit', () => {
  const { budget, clock } = budgetOf(300);

  for (let call = 0; call < 40; call += 1) {
    budget.take(TOKEN, 'counts');
    clock.now += 1_000;
  }
  // 40 of the 45 counts calls are spent: 7 more fit once 2 have left, the second at 62 s.
  expect(budget.take(TOKEN, 'counts', 7)).toEqual({ ok: false, retryAfterSeconds: 22 });
  expect(budget.take(TOKEN, 'counts', 5).ok).toBe(true);
  expect(budget.take(TOKEN, 'counts').ok).toBe(false);
});

test('more at once than a share can ever hold waits a whole minute, not a second', () => {
  const { budget } = budgetOf(20);

  // Counts may hold 3 calls of 20 a minute.
  expect(budget.take(TOKEN, 'counts', 7)).toEqual({ ok: false, retryAfterSeconds: 61 });
});

test('what a fan-out did not spend goes back to the budget', () => {
  const { budget, spendAll } = budgetOf(300);

  const taken = budget.take(TOKEN, 'counts', 7);
  if (!taken.ok) throw new Error('expected the take to pass');
  const allowance = new QuotaAllowance(7, taken.refund);
  expect(allowance.spend()).toBe(true);
  expect(allowance.spend()).toBe(true);
  allowance.release();

  expect(allowance.spend()).toBe(false);
  expect(spendAll('counts')).toBe(45 - 2);
});

test('each token has its own budget, and 0 means no budget at all', () => {
  const { spendAll } = budgetOf(300);
  const unlimited = budgetOf(0);

  expect(spendAll('prefetch', 'one')).toBe(15);
  expect(spendAll('prefetch', 'other')).toBe(15);
  for (let call = 0; call < 10_000; call += 1) {
    expect(unlimited.budget.take(TOKEN, 'prefetch', 7).ok).toBe(true);
  }
});
