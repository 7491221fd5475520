import { expect, test } from 'vitest';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import { computeRowMarks, editDatesOf } from '#src/features/sessions/live/row-marks.ts';

function row(sid: string, editDate: string | null): SessionRow {
  return {
    sid,
    status: 'Needs Proctor',
    sessionType: null,
    appointmentDate: null,
    createdDate: '2026-11-01T00:00:00.000Z',
    editDate,
  };
}

const ROWS = [
  row('ES1', '2026-11-20T10:00:00.000Z'),
  row('ES2', '2026-11-19T10:00:00.000Z'),
  row('ES3', null),
];

test('with nothing to compare with (a first fetch on a first visit), no row is marked', () => {
  expect(computeRowMarks(ROWS, { previous: null, lastVisit: null })).toEqual({
    bySid: new Map(),
    updatedSinceVisit: null,
  });
});

test('a row whose editDate differs from the previous fetch is marked changed', () => {
  const previous = editDatesOf([
    row('ES1', '2026-11-20T09:59:50.000Z'),
    row('ES2', '2026-11-19T10:00:00.000Z'),
    row('ES3', null),
  ]);
  expect(computeRowMarks(ROWS, { previous, lastVisit: null }).bySid).toEqual(
    new Map([['ES1', 'changed']]),
  );
});

test('a row the previous fetch did not hold is not marked: it may only have moved in from another page', () => {
  const previous = editDatesOf([row('ES2', '2026-11-19T10:00:00.000Z')]);
  expect(computeRowMarks(ROWS, { previous, lastVisit: null }).bySid.size).toBe(0);
});

test('an edit date that appears or goes away is a change too', () => {
  const previous = editDatesOf([row('ES1', null), row('ES3', '2026-11-18T00:00:00.000Z')]);
  expect(computeRowMarks(ROWS, { previous, lastVisit: null }).bySid).toEqual(
    new Map([
      ['ES1', 'changed'],
      ['ES3', 'changed'],
    ]),
  );
});

test('rows edited after the last visit are marked and counted; older and undated ones are not', () => {
  const lastVisit = Date.parse('2026-11-19T12:00:00.000Z');
  expect(computeRowMarks(ROWS, { previous: null, lastVisit })).toEqual({
    bySid: new Map([['ES1', 'since-visit']]),
    updatedSinceVisit: 1,
  });
  expect(
    computeRowMarks(ROWS, { previous: null, lastVisit: Date.parse('2026-11-19T10:00:00.000Z') })
      .updatedSinceVisit,
  ).toBe(1);
  expect(computeRowMarks(ROWS, { previous: null, lastVisit: 0 }).updatedSinceVisit).toBe(2);
  expect(computeRowMarks(ROWS, { previous: null, lastVisit: Date.now() * 2 })).toEqual({
    bySid: new Map(),
    updatedSinceVisit: 0,
  });
});

test('a change seen now outranks the last visit, and still counts as updated since it', () => {
  const previous = editDatesOf([row('ES1', '2026-11-20T09:59:50.000Z')]);
  const marks = computeRowMarks(ROWS, { previous, lastVisit: 0 });
  expect(marks.bySid).toEqual(
    new Map([
      ['ES1', 'changed'],
      ['ES2', 'since-visit'],
    ]),
  );
  expect(marks.updatedSinceVisit).toBe(2);
});
