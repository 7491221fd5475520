// The one place marks are computed: see docs/decisions/live-list-signals.md.
import type { SessionRow } from '#src/api/contract/session-list.ts';

export type RowMark = 'changed' | 'since-visit';

export type EditDates = ReadonlyMap<string, string | null>;

export interface RowMarks {
  bySid: ReadonlyMap<string, RowMark>;
  updatedSinceVisit: number | null;
}

export const NO_ROW_MARKS: RowMarks = { bySid: new Map(), updatedSinceVisit: null };

export function editDatesOf(rows: readonly SessionRow[]): EditDates {
  return new Map(rows.map((row) => [row.sid, row.editDate]));
}

function editedAfter(row: SessionRow, time: number): boolean {
  return row.editDate !== null && Date.parse(row.editDate) > time;
}

/**
 * A row the previous fetch did not hold is not marked: it may only have moved in from a
 * neighbouring page. A change seen now outranks one since the last visit.
 */
export function computeRowMarks(
  rows: readonly SessionRow[],
  { previous, lastVisit }: { previous: EditDates | null; lastVisit: number | null },
): RowMarks {
  const bySid = new Map<string, RowMark>();
  let updatedSinceVisit = 0;
  for (const row of rows) {
    const sinceVisit = lastVisit !== null && editedAfter(row, lastVisit);
    if (sinceVisit) updatedSinceVisit += 1;
    const before = previous?.get(row.sid);
    if (before !== undefined && before !== row.editDate) bySid.set(row.sid, 'changed');
    else if (sinceVisit) bySid.set(row.sid, 'since-visit');
  }
  return { bySid, updatedSinceVisit: lastVisit === null ? null : updatedSinceVisit };
}
