import { expect, test } from 'vitest';
import {
  DEFAULT_WAIT_POLICY,
  overdueAfterMs,
  parseWaitPolicy,
} from '#src/api/contract/wait-policy.ts';

const NORTHFIELD = `AI${'1'.repeat(32)}`;
const LAKESIDE = `AI${'2'.repeat(32)}`;
const HOUR = 3_600_000;

test('one threshold for every install, or an install’s own', () => {
  expect(parseWaitPolicy('24')).toEqual({
    ok: true,
    value: { overdueAfterHours: 24, byInstall: {} },
  });
  const policy = parseWaitPolicy(`48, ${NORTHFIELD}=12 ,${LAKESIDE}=72`);
  expect(policy.ok).toBe(true);
  if (!policy.ok) return;
  expect(overdueAfterMs(policy.value, NORTHFIELD)).toBe(12 * HOUR);
  expect(overdueAfterMs(policy.value, LAKESIDE)).toBe(72 * HOUR);
  expect(overdueAfterMs(policy.value, `AI${'3'.repeat(32)}`)).toBe(48 * HOUR);
  expect(overdueAfterMs(DEFAULT_WAIT_POLICY, NORTHFIELD)).toBe(48 * HOUR);
});

test('every problem is named', () => {
  expect(parseWaitPolicy('two days')).toEqual({
    ok: false,
    problems: ['"two days" is not a number of hours.'],
  });
  expect(parseWaitPolicy(`0,${NORTHFIELD}=x,EN${'1'.repeat(32)}=5`)).toEqual({
    ok: false,
    problems: [
      '"0" is not a number of hours.',
      `"${NORTHFIELD}=x" is not an install sid with its hours (AI…=hours).`,
      `"EN${'1'.repeat(32)}=5" is not an install sid with its hours (AI…=hours).`,
    ],
  });
});
