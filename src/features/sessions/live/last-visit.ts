// See docs/decisions/browser-local-storage.md.
import { z } from 'zod/mini';
import { storedEntry, type StoredEntry } from '#src/lib/local-storage.ts';

export const LAST_VISITS_STORAGE_KEY = 'sp-last-visits';
export const MAX_REMEMBERED_VIEWS = 50;

const visitSchema = z.object({ view: z.string(), at: z.number() });
type Visit = z.infer<typeof visitSchema>;

function parseVisits(stored: string | null): Visit[] {
  if (stored === null) return [];
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  // Entry by entry: one damaged entry costs that list its mark, not every list.
  return value.flatMap((entry) => {
    const visit = visitSchema.safeParse(entry);
    return visit.success && Number.isFinite(visit.data.at) ? [visit.data] : [];
  });
}

const lastVisits = storedEntry(LAST_VISITS_STORAGE_KEY);

export function takeLastVisit(
  view: string,
  now: number,
  stored: StoredEntry = lastVisits,
): number | null {
  const visits = parseVisits(stored.read());
  const previous = visits.find((visit) => visit.view === view)?.at ?? null;
  const kept = visits
    .filter((visit) => visit.view !== view)
    .sort((a, b) => a.at - b.at)
    .slice(-(MAX_REMEMBERED_VIEWS - 1));
  // A full store keeps the earlier visits: this one is not remembered, but its marks still show.
  stored.write(JSON.stringify([...kept, { view, at: now }]));
  return previous;
}
