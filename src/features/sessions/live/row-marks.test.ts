import { expect, test } from 'vitest';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import {
  computeRowMarks,
  rowStatesOf,
  type LastVisit,
} from '#src/features/sessions/live/row-marks.ts';

function row(sid: string, editDate: string | null, change: Partial<SessionRow> = {}): SessionRow {
  return {
    sid,
    status: 'Needs Proctor',
    sessionType: null,
    appointmentDate: null,
    createdDate: '2026-11-01T00:00:00.000Z',
    editDate,
    ...change,
  };
}

const ROWS = [
  row('ES1', '2026-11-20T10:00:00.000Z'),
  row('ES2', '2026-11-19T10:00:00.000Z'),
  row('ES3', null),
];

/** A last visit at `at` that showed `seen`. */
function visit(at: number, seen: SessionRow[] = []): LastVisit {
  return { at, seen: rowStatesOf(seen) };
}

test('with nothing to compare with (a first fetch on a first visit), no row is marked', () => {
  expect(computeRowMarks(ROWS, { previous: null, lastVisit: null })).toEqual({
    bySid: new Map(),
    updatedSinceVisit: null,
  });
});

test('a row whose editDate alone differs from the previous fetch is marked changed, naming nothing', () => {
  const previous = rowStatesOf([
    row('ES1', '2026-11-20T09:59:50.000Z'),
    row('ES2', '2026-11-19T10:00:00.000Z'),
    row('ES3', null),
  ]);
  expect(computeRowMarks(ROWS, { previous, lastVisit: null }).bySid).toEqual(
    new Map([['ES1', { kind: 'changed', changes: [], sinceVisit: false }]]),
  );
});

test('a change names the status, the appointment and the type, from what the previous fetch held', () => {
  const before = row('ES1', '2026-11-20T09:00:00.000Z', {
    status: 'Scheduled',
    appointmentDate: '2026-11-22T09:00:00.000Z',
    sessionType: 'proctoru',
  });
  const after = row('ES1', '2026-11-20T10:00:00.000Z', {
    status: 'Incident',
    appointmentDate: '2026-11-23T09:00:00.000Z',
    sessionType: 'live',
  });
  const marks = computeRowMarks([after], { previous: rowStatesOf([before]), lastVisit: null });
  expect(marks.bySid.get('ES1')?.changes).toEqual([
    { field: 'status', from: 'Scheduled', to: 'Incident' },
    { field: 'appointment', from: '2026-11-22T09:00:00.000Z', to: '2026-11-23T09:00:00.000Z' },
    { field: 'type', from: 'proctoru', to: 'live' },
  ]);
});

test('a status that changes under the same edit date is still a change', () => {
  const previous = rowStatesOf([row('ES2', '2026-11-19T10:00:00.000Z', { status: 'Scheduled' })]);
  expect(computeRowMarks(ROWS, { previous, lastVisit: null }).bySid.get('ES2')?.changes).toEqual([
    { field: 'status', from: 'Scheduled', to: 'Needs Proctor' },
  ]);
});

test('a row the previous fetch did not hold is not marked: it may only have moved in from another page', () => {
  const previous = rowStatesOf([row('ES2', '2026-11-19T10:00:00.000Z')]);
  expect(computeRowMarks(ROWS, { previous, lastVisit: null }).bySid.size).toBe(0);
});

test('an edit date that appears or goes away is a change too', () => {
  const previous = rowStatesOf([row('ES1', null), row('ES3', '2026-11-18T00:00:00.000Z')]);
  expect([...computeRowMarks(ROWS, { previous, lastVisit: null }).bySid.keys()]).toEqual([
    'ES1',
    'ES3',
  ]);
});

test('rows the last visit did not show are marked when edited after it, naming nothing; older and undated ones are not', () => {
  const lastVisit = visit(Date.parse('2026-11-19T12:00:00.000Z'));
  expect(computeRowMarks(ROWS, { previous: null, lastVisit })).toEqual({
    bySid: new Map([['ES1', { kind: 'since-visit', changes: [], sinceVisit: true }]]),
    updatedSinceVisit: 1,
  });
  expect(
    computeRowMarks(ROWS, {
      previous: null,
      lastVisit: visit(Date.parse('2026-11-19T10:00:00.000Z')),
    }).updatedSinceVisit,
  ).toBe(1);
  expect(computeRowMarks(ROWS, { previous: null, lastVisit: visit(0) }).updatedSinceVisit).toBe(2);
  expect(computeRowMarks(ROWS, { previous: null, lastVisit: visit(Date.now() * 2) })).toEqual({
    bySid: new Map(),
    updatedSinceVisit: 0,
  });
});

test('rows the last visit showed are compared with what it showed, whatever their edit dates', () => {
  const lastVisit = visit(Date.parse('2026-11-19T12:00:00.000Z'), [
    // Seen after its latest edit: nothing new, though edited after the visit began.
    row('ES1', '2026-11-20T10:00:00.000Z'),
    row('ES2', '2026-11-19T10:00:00.000Z', { status: 'Scheduled' }),
    row('ES3', null, { appointmentDate: '2026-11-25T08:00:00.000Z' }),
  ]);
  const marks = computeRowMarks(ROWS, { previous: null, lastVisit });
  expect(marks.bySid).toEqual(
    new Map([
      [
        'ES2',
        {
          kind: 'since-visit',
          changes: [{ field: 'status', from: 'Scheduled', to: 'Needs Proctor' }],
          sinceVisit: true,
        },
      ],
      [
        'ES3',
        {
          kind: 'since-visit',
          changes: [{ field: 'appointment', from: '2026-11-25T08:00:00.000Z', to: null }],
          sinceVisit: true,
        },
      ],
    ]),
  );
  expect(marks.updatedSinceVisit).toBe(2);
});

test('a change seen now outranks the last visit, and still counts as updated since it', () => {
  const previous = rowStatesOf([row('ES1', '2026-11-20T09:59:50.000Z')]);
  const marks = computeRowMarks(ROWS, { previous, lastVisit: visit(0) });
  expect(marks.bySid).toEqual(
    new Map([
      ['ES1', { kind: 'changed', changes: [], sinceVisit: true }],
      ['ES2', { kind: 'since-visit', changes: [], sinceVisit: true }],
    ]),
  );
  expect(marks.updatedSinceVisit).toBe(2);
});
