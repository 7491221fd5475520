import { expect, test } from 'vitest';
import { isFilterableStatus } from '#src/api/contract/session-status.ts';

test('Cancelled and In Progress are not filterable statuses', () => {
  expect(isFilterableStatus('Cancelled')).toBe(false);
  expect(isFilterableStatus('In Progress')).toBe(false);
  expect(isFilterableStatus('incident')).toBe(false);
  expect(isFilterableStatus('Incident')).toBe(true);
});
