import { useState } from 'react';
import { lastPage, type SessionListSearch } from '#src/lib/list-search.ts';

/** Where the list stands, as far as a screen reader needs to hear about it. */
export type ListPhase =
  | { kind: 'loading' }
  | { kind: 'updating' }
  | { kind: 'error' }
  | { kind: 'settled'; total: number };

const ZONE_WORDS = {
  viewer: 'your time zone',
  install: 'the install’s time zone',
  utc: 'UTC',
} as const;

function sessionCount(total: number): string {
  return `${total.toLocaleString('en-US')} ${total === 1 ? 'session' : 'sessions'}`;
}

function sortWords(view: SessionListSearch): string {
  return `Sorted by created, ${view.sort === 'createdDate.desc' ? 'newest' : 'oldest'} first`;
}

/** What changed between two settled views, in words, most telling first. */
function describeChange(previous: SessionListSearch | null, next: SessionListSearch): string[] {
  if (previous === null) return [];
  const parts: string[] = [];
  if (previous.statuses.join() !== next.statuses.join()) {
    parts.push(
      next.statuses.length > 0 ? `Filtered by ${next.statuses.join(', ')}` : 'All statuses shown',
    );
  }
  if (previous.includeActive !== next.includeActive) {
    parts.push(
      next.includeActive ? 'In-progress sessions included' : 'In-progress sessions left out',
    );
  }
  if (previous.sort !== next.sort) parts.push(sortWords(next));
  if (previous.limit !== next.limit) parts.push(`${String(next.limit)} rows per page`);
  if (previous.timeZone !== next.timeZone) parts.push(`Times in ${ZONE_WORDS[next.timeZone]}`);
  return parts;
}

/**
 * "Filtered by Incident; 12 sessions", "Sorted by created, oldest first; 137 sessions; page 1
 * of 6", "137 sessions; page 2 of 6". Exported for its unit test.
 */
export function settledAnnouncement(
  previous: SessionListSearch | null,
  next: SessionListSearch,
  total: number,
): string {
  const pages = lastPage(total, next.limit);
  const parts = [...describeChange(previous, next), sessionCount(total)];
  if (pages > 1) parts.push(`page ${String(next.page)} of ${String(pages)}`);
  return parts.join('; ');
}

interface Announced {
  /** Identifies what was last announced, so a render that changes nothing says nothing new. */
  key: string;
  text: string;
  view: SessionListSearch | null;
}

/**
 * The text of the list's one polite live region. It starts empty, so the first render (a
 * server-rendered page, or the first loading state) announces nothing, and then follows each
 * change once it settles: new rows, loading with nothing to show yet, or an error. While rows
 * stay on screen and the next ones load, it waits for the outcome rather than saying "loading".
 */
export function useListAnnouncement(view: SessionListSearch, phase: ListPhase): string {
  const key =
    phase.kind === 'settled'
      ? // Auto-refresh's interval changes no row: choosing one is not news.
        `settled ${JSON.stringify({ ...view, refresh: null })} ${String(phase.total)}`
      : phase.kind;
  const [announced, setAnnounced] = useState<Announced>(() => ({
    key,
    text: '',
    view: phase.kind === 'settled' ? view : null,
  }));
  if (phase.kind !== 'updating' && announced.key !== key) {
    const next: Announced =
      phase.kind === 'settled'
        ? { key, text: settledAnnouncement(announced.view, view, phase.total), view }
        : {
            key,
            text: phase.kind === 'loading' ? 'Loading sessions…' : 'Could not load the sessions',
            view: announced.view,
          };
    setAnnounced(next);
    return next.text;
  }
  return announced.text;
}

/** Visually hidden; the list's only live region (the header, toolbar and pager stay quiet). */
export function ListLiveRegion({ text }: { text: string }) {
  return (
    <p role="status" aria-live="polite" aria-atomic="true" className="sr-only">
      {text}
    </p>
  );
}

/** The applied view in words for a printout, which shows no toolbar: filters, sort and zone. */
export function printedViewSummary(view: SessionListSearch, zoneName: string): string {
  const filters =
    view.statuses.length > 0 ? `Statuses: ${view.statuses.join(', ')}` : 'All statuses';
  const active = view.includeActive
    ? 'in-progress sessions included'
    : 'in-progress sessions left out';
  return `${filters}; ${active}. ${sortWords(view)}. Times in ${zoneName}.`;
}
