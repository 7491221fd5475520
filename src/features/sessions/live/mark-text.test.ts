import { expect, test } from 'vitest';
import { markText } from '#src/features/sessions/live/mark-text.ts';
import { formatDate } from '#src/lib/format-date.ts';
import type { RowChange, RowMark } from '#src/features/sessions/live/row-marks.ts';

const MOVED_FROM = '2026-11-22T09:00:00.000Z';
const MOVED_TO = '2026-11-23T23:30:00.000Z';

function changed(...changes: RowChange[]): RowMark {
  return { kind: 'changed', changes, sinceVisit: false };
}

function inZone(iso: string, timeZone: string): string {
  return formatDate(iso, undefined, timeZone)?.absolute ?? '';
}

test('a status change reads from → to on screen, and in words for screen readers', () => {
  expect(markText(changed({ field: 'status', from: 'Scheduled', to: 'Incident' }), 'UTC')).toEqual({
    short: 'Changed: Scheduled → Incident',
    full: 'Changed just now: status from Scheduled to Incident.',
  });
  expect(
    markText(
      {
        kind: 'since-visit',
        changes: [{ field: 'status', from: 'Scheduled', to: 'Incident' }],
        sinceVisit: true,
      },
      'UTC',
    ),
  ).toEqual({
    short: 'Since last visit: Scheduled → Incident',
    full: 'Updated since your last visit: status from Scheduled to Incident.',
  });
});

test('appointments moved, booked or cancelled give their dates in full, in the zone the list is read in', () => {
  const zone = 'America/Chicago';
  expect(markText(changed({ field: 'appointment', from: MOVED_FROM, to: MOVED_TO }), zone)).toEqual(
    {
      short: 'Changed: appointment moved',
      full: `Changed just now: appointment moved from ${inZone(MOVED_FROM, zone)} to ${inZone(MOVED_TO, zone)}.`,
    },
  );
  // The same instants in UTC read differently: the zone is the view's, not a fixed one.
  expect(inZone(MOVED_TO, 'UTC')).not.toBe(inZone(MOVED_TO, zone));
  expect(markText(changed({ field: 'appointment', from: null, to: MOVED_TO }), 'UTC').full).toBe(
    `Changed just now: appointment booked for ${inZone(MOVED_TO, 'UTC')}.`,
  );
  expect(markText(changed({ field: 'appointment', from: MOVED_FROM, to: null }), 'UTC')).toEqual({
    short: 'Changed: appointment cancelled',
    full: `Changed just now: appointment cancelled, was ${inZone(MOVED_FROM, 'UTC')}.`,
  });
});

test('several changes are listed together; a type change names both types', () => {
  expect(
    markText(
      changed(
        { field: 'status', from: 'Pending Approval', to: 'Scheduled' },
        { field: 'type', from: null, to: 'live' },
      ),
      'UTC',
    ),
  ).toEqual({
    short: 'Changed: Pending Approval → Scheduled, type changed',
    full: 'Changed just now: status from Pending Approval to Scheduled; type from not set to live.',
  });
});

test('an edit to nothing the list shows claims no change, only the edit', () => {
  expect(markText(changed(), 'UTC')).toEqual({
    short: 'Edited just now',
    full: 'Edited just now',
  });
  expect(markText({ kind: 'since-visit', changes: [], sinceVisit: true }, 'UTC').short).toBe(
    'Edited since your last visit',
  );
});
