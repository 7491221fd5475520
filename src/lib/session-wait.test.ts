import { expect, test } from 'vitest';
import { formatThreshold, sessionWait } from '#src/lib/session-wait.ts';

const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TWO_DAYS = 2 * DAY;

function waited(ms: number, status = 'Needs Proctor', overdueAfter = TWO_DAYS) {
  return sessionWait({ status, createdDate: new Date(NOW - ms).toISOString() }, NOW, overdueAfter);
}

test('a wait reads in whole minutes, hours or days, rounded down', () => {
  expect(waited(20 * 1000)?.length).toBe('under a minute');
  expect(waited(MINUTE)?.length).toBe('1 min');
  expect(waited(HOUR - 1)?.length).toBe('59 min');
  expect(waited(HOUR)?.length).toBe('1 h');
  expect(waited(DAY - 1)?.length).toBe('23 h');
  expect(waited(DAY)?.length).toBe('1 d');
  expect(waited(2 * DAY + 23 * HOUR)?.length).toBe('2 d');
  expect(waited(40 * DAY)?.length).toBe('40 d');
});

test('a wait counts from creation, so an edit does not restart it', () => {
  const session = {
    status: 'Needs Proctor',
    createdDate: new Date(NOW - 100 * DAY).toISOString(),
    editDate: new Date(NOW - MINUTE).toISOString(),
  };
  expect(sessionWait(session, NOW, TWO_DAYS)).toEqual({ length: '100 d', overdue: true });
});

test('a wait is overdue only past the install’s threshold', () => {
  expect(waited(TWO_DAYS)).toEqual({ length: '2 d', overdue: false });
  expect(waited(TWO_DAYS + 1000)).toEqual({ length: '2 d', overdue: true });
  expect(waited(5 * HOUR, 'Pending Approval', 4 * HOUR)?.overdue).toBe(true);
  expect(waited(3 * DAY, 'Pending Approval', 7 * DAY)?.overdue).toBe(false);
});

test('only sessions waiting on staff (needs proctor, pending approval) have a wait', () => {
  expect(waited(3 * DAY, 'Pending Approval')).toEqual({ length: '3 d', overdue: true });
  for (const status of ['Scheduled', 'Incident', 'Closed', 'Approval Denied', 'Cancelled', '']) {
    expect(waited(3 * DAY, status)).toBeNull();
  }
});

test('a missing or unreadable creation date has no wait; a future one has waited nothing yet', () => {
  expect(sessionWait({ status: 'Needs Proctor', createdDate: null }, NOW, TWO_DAYS)).toBeNull();
  expect(sessionWait({ status: 'Needs Proctor', createdDate: 'soon' }, NOW, TWO_DAYS)).toBeNull();
  expect(waited(-5 * MINUTE)).toEqual({ length: 'under a minute', overdue: false });
});

test('a threshold reads in days when whole, else in hours', () => {
  expect(formatThreshold(TWO_DAYS)).toBe('2 d');
  expect(formatThreshold(36 * HOUR)).toBe('36 h');
});
