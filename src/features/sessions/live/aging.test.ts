import { expect, test } from 'vitest';
import { OVERDUE_AFTER_MS, sessionAging } from '#src/features/sessions/live/aging.ts';

const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function waited(ms: number, status = 'Needs Proctor') {
  return sessionAging({ status, editDate: new Date(NOW - ms).toISOString() }, NOW);
}

test('a wait reads in whole minutes, hours or days, rounded down', () => {
  expect(waited(20 * 1000)?.text).toBe('waiting under a minute');
  expect(waited(MINUTE)?.text).toBe('waiting 1 min');
  expect(waited(12 * MINUTE + 59_000)?.text).toBe('waiting 12 min');
  expect(waited(HOUR - 1)?.text).toBe('waiting 59 min');
  expect(waited(HOUR)?.text).toBe('waiting 1 h');
  expect(waited(5 * HOUR + 59 * MINUTE)?.text).toBe('waiting 5 h');
  expect(waited(DAY - 1)?.text).toBe('waiting 23 h');
  expect(waited(DAY)?.text).toBe('waiting 1 d');
  expect(waited(2 * DAY + 23 * HOUR)?.text).toBe('waiting 2 d');
  expect(waited(40 * DAY)?.text).toBe('waiting 40 d');
});

test('a wait is overdue only past 48 hours', () => {
  expect(OVERDUE_AFTER_MS).toBe(2 * DAY);
  expect(waited(2 * DAY)).toEqual({ text: 'waiting 2 d', overdue: false });
  expect(waited(2 * DAY + 1000)).toEqual({ text: 'waiting 2 d', overdue: true });
  expect(waited(47 * HOUR)?.overdue).toBe(false);
});

test('only sessions waiting on staff (needs proctor, pending approval) have a wait', () => {
  expect(waited(3 * DAY, 'Pending Approval')).toEqual({ text: 'waiting 3 d', overdue: true });
  for (const status of ['Scheduled', 'Incident', 'Closed', 'Approval Denied', 'Cancelled', '']) {
    expect(waited(3 * DAY, status)).toBeNull();
  }
});

test('a missing or unreadable editDate has no wait; one in the future has waited nothing yet', () => {
  expect(sessionAging({ status: 'Needs Proctor', editDate: null }, NOW)).toBeNull();
  expect(sessionAging({ status: 'Needs Proctor', editDate: 'soon' }, NOW)).toBeNull();
  expect(waited(-5 * MINUTE)).toEqual({ text: 'waiting under a minute', overdue: false });
});
