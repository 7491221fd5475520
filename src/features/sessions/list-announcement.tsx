import { useState } from 'react';
import { enUsFormat } from '#src/lib/format-number.ts';
import { lastPage, type SessionListSearch } from '#src/lib/list-search.ts';

export type ListPhase =
  | { kind: 'loading' }
  | { kind: 'retrying'; text: string }
  | { kind: 'updating' }
  | { kind: 'error' }
  | { kind: 'settled'; total: number };

const ZONE_WORDS = {
  viewer: 'your time zone',
  install: 'the install’s time zone',
  utc: 'UTC',
} as const;

function sessionCount(total: number): string {
  return `${enUsFormat.format(total)} ${total === 1 ? 'session' : 'sessions'}`;
}

function sortWords(view: SessionListSearch): string {
  return `Sorted by created, ${view.sort === 'createdDate.desc' ? 'newest' : 'oldest'} first`;
}

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

/** E.g. "Filtered by Incident; 12 sessions", "137 sessions; page 2 of 6". */
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
  key: string;
  text: string;
  view: SessionListSearch | null;
}

/** See docs/decisions/focus-and-announcements.md. */
export function useListAnnouncement(view: SessionListSearch, phase: ListPhase): string {
  const key =
    phase.kind === 'settled'
      ? // Auto-refresh's interval changes no row: choosing one is not news.
        `settled ${JSON.stringify({ ...view, refresh: null })} ${String(phase.total)}`
      : phase.kind === 'retrying'
        ? phase.text
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
            text:
              phase.kind === 'loading'
                ? 'Loading sessions…'
                : phase.kind === 'retrying'
                  ? phase.text
                  : 'Could not load the sessions',
            view: announced.view,
          };
    setAnnounced(next);
    return next.text;
  }
  return announced.text;
}

export function ListLiveRegion({ text }: { text: string }) {
  return (
    <p role="status" aria-live="polite" aria-atomic="true" className="sr-only">
      {text}
    </p>
  );
}

export function printedViewSummary(view: SessionListSearch, zoneName: string): string {
  const filters =
    view.statuses.length > 0 ? `Statuses: ${view.statuses.join(', ')}` : 'All statuses';
  const active = view.includeActive
    ? 'in-progress sessions included'
    : 'in-progress sessions left out';
  return `${filters}; ${active}. ${sortWords(view)}. Times in ${zoneName}.`;
}
