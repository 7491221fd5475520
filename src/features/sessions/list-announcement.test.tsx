import { renderHook } from '@testing-library/react';
import { expect, test } from 'vitest';
import {
  printedViewSummary,
  settledAnnouncement,
  useListAnnouncement,
  type ListPhase,
} from '#src/features/sessions/list-announcement.tsx';
import { DEFAULT_LIST_SEARCH, type SessionListSearch } from '#src/lib/list-search.ts';

const VIEW: SessionListSearch = { ...DEFAULT_LIST_SEARCH };

function announcer(view: SessionListSearch, phase: ListPhase) {
  return renderHook(
    ({ view, phase }: { view: SessionListSearch; phase: ListPhase }) =>
      useListAnnouncement(view, phase),
    { initialProps: { view, phase } },
  );
}

test('a settled first render (a server-rendered page) announces nothing', () => {
  const { result, rerender } = announcer(VIEW, { kind: 'settled', total: 137 });
  expect(result.current).toBe('');

  // A refetch that brings the same answer says nothing either.
  rerender({ view: VIEW, phase: { kind: 'settled', total: 137 } });
  expect(result.current).toBe('');
});

test('a first load says nothing while loading, then the count and page once it settles', () => {
  const { result, rerender } = announcer(VIEW, { kind: 'loading' });
  expect(result.current).toBe('');

  rerender({ view: VIEW, phase: { kind: 'settled', total: 137 } });
  expect(result.current).toBe('137 sessions; page 1 of 6');
});

test('a change waits for its rows while the old ones stay, then says what changed', () => {
  const { result, rerender } = announcer(VIEW, { kind: 'settled', total: 137 });
  const sorted: SessionListSearch = { ...VIEW, sort: 'createdDate.asc' };

  rerender({ view: sorted, phase: { kind: 'updating' } });
  expect(result.current).toBe('');

  rerender({ view: sorted, phase: { kind: 'settled', total: 137 } });
  expect(result.current).toBe('Sorted by created, oldest first; 137 sessions; page 1 of 6');

  rerender({ view: { ...sorted, page: 2 }, phase: { kind: 'settled', total: 137 } });
  expect(result.current).toBe('137 sessions; page 2 of 6');

  rerender({ view: { ...sorted, page: 2 }, phase: { kind: 'error' } });
  expect(result.current).toBe('Could not load the sessions');
});

test('a filter change names the statuses and the new count', () => {
  expect(settledAnnouncement(VIEW, { ...VIEW, statuses: ['Incident'] }, 12)).toBe(
    'Filtered by Incident; 12 sessions',
  );
  expect(settledAnnouncement({ ...VIEW, statuses: ['Incident'] }, VIEW, 1)).toBe(
    'All statuses shown; 1 session',
  );
  expect(settledAnnouncement(VIEW, { ...VIEW, includeActive: true, limit: 10 }, 30)).toBe(
    'In-progress sessions included; 10 rows per page; 30 sessions; page 1 of 3',
  );
});

test('a printout states the filters, the sort and the zone', () => {
  expect(
    printedViewSummary(
      { ...VIEW, statuses: ['Incident', 'Closed'], sort: 'createdDate.asc' },
      'Europe/Paris',
    ),
  ).toBe(
    'Statuses: Incident, Closed; in-progress sessions left out. Sorted by created, oldest first. Times in Europe/Paris.',
  );
});
