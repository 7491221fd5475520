// See docs/decisions/browser-local-storage.md.
import { z } from 'zod/mini';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import type { LastVisit, RowState } from '#src/features/sessions/live/row-marks.ts';
import { storedEntry, type StoredEntry } from '#src/lib/local-storage.ts';

export const LAST_VISITS_STORAGE_KEY = 'sp-last-visits';
export const MAX_REMEMBERED_VIEWS = 50;
export const MAX_SEEN_ROWS = 100;
export const MAX_VIEWS_WITH_SEEN_ROWS = 10;
/** Sids, statuses and ISO dates are short: a longer value is not worth storage; its row is skipped. */
const MAX_SEEN_LENGTH = 64;

/** [sid, status, sessionType, appointmentDate, editDate]: compact, as there may be a thousand. */
type SeenRow = [string, string, string | null, string | null, string | null];

// A check by hand: a zod tuple would add its code to the first view, where zod lives.
function isSeenRow(value: unknown): value is SeenRow {
  return (
    Array.isArray(value) &&
    value.length === 5 &&
    value.every(
      (item, index) =>
        (typeof item === 'string' && item.length <= MAX_SEEN_LENGTH) ||
        (index > 1 && item === null),
    )
  );
}

const visitSchema = z.object({ view: z.string(), at: z.number() });
type Visit = { view: string; at: number; seen?: SeenRow[] };

function parseVisits(stored: string | null): Visit[] {
  if (stored === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  // Entry by entry: one damaged entry costs that list (or row) its mark, not every list.
  return value.flatMap((entry: unknown) => {
    const visit = visitSchema.safeParse(entry);
    if (!visit.success || !Number.isFinite(visit.data.at)) return [];
    const { view, at } = visit.data;
    const seen: unknown =
      typeof entry === 'object' && entry !== null && 'seen' in entry ? entry.seen : undefined;
    return [Array.isArray(seen) ? { view, at, seen: seen.filter(isSeenRow) } : { view, at }];
  });
}

function serializeVisits(visits: Visit[]): string {
  const sorted = [...visits].sort((a, b) => a.at - b.at);
  const keepRowsFrom = sorted.length - MAX_VIEWS_WITH_SEEN_ROWS;
  return JSON.stringify(
    sorted.map((visit, index) =>
      index < keepRowsFrom || visit.seen === undefined ? { view: visit.view, at: visit.at } : visit,
    ),
  );
}

function toState([, status, sessionType, appointmentDate, editDate]: SeenRow): RowState {
  return { status, sessionType, appointmentDate, editDate };
}

const lastVisits = storedEntry(LAST_VISITS_STORAGE_KEY);

/** The previous visit to `view`, and records this one, at `now`, with no rows shown yet. */
export function takeLastVisit(
  view: string,
  now: number,
  stored: StoredEntry = lastVisits,
): LastVisit | null {
  const visits = parseVisits(stored.read());
  const previous = visits.find((visit) => visit.view === view);
  const kept = visits
    .filter((visit) => visit.view !== view)
    .sort((a, b) => a.at - b.at)
    .slice(-(MAX_REMEMBERED_VIEWS - 1));
  // A full store keeps the earlier visits: this one is not remembered, but its marks still show.
  stored.write(serializeVisits([...kept, { view, at: now }]));
  if (previous === undefined) return null;
  const seen = new Map((previous.seen ?? []).map((row) => [row[0], toState(row)]));
  return { at: previous.at, seen };
}

export function rememberShownRows(
  view: string,
  rows: readonly SessionRow[],
  stored: StoredEntry = lastVisits,
): void {
  const before = stored.read();
  const visits = parseVisits(before);
  const visit = visits.find((candidate) => candidate.view === view);
  if (visit === undefined) return;
  const shown = new Set(rows.map((row) => row.sid));
  visit.seen = [
    ...rows
      .map((row): SeenRow => [
        row.sid,
        row.status,
        row.sessionType,
        row.appointmentDate,
        row.editDate,
      ])
      .filter(isSeenRow),
    ...(visit.seen ?? []).filter(([sid]) => !shown.has(sid)),
  ].slice(0, MAX_SEEN_ROWS);
  const after = serializeVisits(visits);
  if (after !== before) stored.write(after);
}
