// The one place marks are computed: see docs/decisions/live-list-signals.md.
import type { SessionRow } from '#src/api/contract/session-list.ts';

export type RowState = Pick<SessionRow, 'status' | 'sessionType' | 'appointmentDate' | 'editDate'>;

export type RowStates = ReadonlyMap<string, RowState>;

export type RowChange =
  | { field: 'status'; from: string; to: string }
  | { field: 'appointment' | 'type'; from: string | null; to: string | null };

export interface RowMark {
  kind: 'changed' | 'since-visit';
  /** Empty when only the edit date moved, or the row was not shown on the last visit. */
  changes: RowChange[];
  sinceVisit: boolean;
}

export interface LastVisit {
  at: number;
  seen: RowStates;
}

export interface RowMarks {
  bySid: ReadonlyMap<string, RowMark>;
  updatedSinceVisit: number | null;
}

export const NO_ROW_MARKS: RowMarks = { bySid: new Map(), updatedSinceVisit: null };

export function rowStatesOf(rows: readonly SessionRow[]): RowStates {
  return new Map(rows.map((row) => [row.sid, row]));
}

/** Null when nothing changed, not even the edit date. */
export function changesBetween(before: RowState, after: RowState): RowChange[] | null {
  const changes: RowChange[] = [];
  if (before.status !== after.status) {
    changes.push({ field: 'status', from: before.status, to: after.status });
  }
  if (before.appointmentDate !== after.appointmentDate) {
    changes.push({ field: 'appointment', from: before.appointmentDate, to: after.appointmentDate });
  }
  if (before.sessionType !== after.sessionType) {
    changes.push({ field: 'type', from: before.sessionType, to: after.sessionType });
  }
  return changes.length === 0 && before.editDate === after.editDate ? null : changes;
}

/** A row shown on the last visit is compared with what it showed; another, by its edit date. */
function changesSinceVisit(row: SessionRow, lastVisit: LastVisit | null): RowChange[] | null {
  if (lastVisit === null) return null;
  const seen = lastVisit.seen.get(row.sid);
  if (seen !== undefined) return changesBetween(seen, row);
  const edited = row.editDate === null ? Number.NaN : Date.parse(row.editDate);
  return edited > lastVisit.at ? [] : null;
}

// A row the previous fetch did not hold may only have moved in from a neighbouring page: it is not
// "changed". A change seen now outranks one since the last visit.
export function computeRowMarks(
  rows: readonly SessionRow[],
  { previous, lastVisit }: { previous: RowStates | null; lastVisit: LastVisit | null },
): RowMarks {
  const bySid = new Map<string, RowMark>();
  let updatedSinceVisit = 0;
  for (const row of rows) {
    const sinceVisitChanges = changesSinceVisit(row, lastVisit);
    const sinceVisit = sinceVisitChanges !== null;
    if (sinceVisit) updatedSinceVisit += 1;
    const before = previous?.get(row.sid);
    const changedNow = before === undefined ? null : changesBetween(before, row);
    if (changedNow !== null)
      bySid.set(row.sid, { kind: 'changed', changes: changedNow, sinceVisit });
    else if (sinceVisitChanges !== null) {
      bySid.set(row.sid, { kind: 'since-visit', changes: sinceVisitChanges, sinceVisit });
    }
  }
  return { bySid, updatedSinceVisit: lastVisit === null ? null : updatedSinceVisit };
}
