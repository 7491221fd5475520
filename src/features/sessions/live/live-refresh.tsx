/**
 * The list's Auto-refresh choice and how fresh its rows are ("Updated 12 s ago"). The age is plain
 * text, not a live region, and moves in 5-second steps: a reader finds it when they look, and
 * nothing chatters while they work.
 */
import { useEffect, useId } from 'react';
import { Select } from '#src/components/ui/select.tsx';
import { REFRESH_INTERVALS, type RefreshSeconds } from '#src/lib/list-search.ts';
import { useRefreshPaused } from '#src/features/sessions/live/refresh-pause.ts';
import type { SessionList } from '#src/features/sessions/data/use-session-list.ts';
import { useNow } from '#src/lib/use-now.ts';

const INTERVAL_LABELS: Record<RefreshSeconds, string> = {
  15: 'Every 15 s',
  30: 'Every 30 s',
  60: 'Every minute',
  300: 'Every 5 minutes',
};

/** "Updated just now", "Updated 12 s ago", "Updated 3 min ago", "Updated 2 h ago". */
export function formatUpdatedAgo(elapsedMs: number): string {
  const seconds = Math.max(0, Math.floor(elapsedMs / 1000));
  if (seconds < 5) return 'Updated just now';
  if (seconds < 60) return `Updated ${seconds} s ago`;
  if (seconds < 3600) return `Updated ${Math.floor(seconds / 60)} min ago`;
  return `Updated ${Math.floor(seconds / 3600)} h ago`;
}

/** The choice, the rows' age, and the watch for typing and open menus that holds refreshing. */
export function LiveRefresh({
  list: { search, result, onViewChange, onRefreshPaused },
}: {
  list: SessionList;
}) {
  const { refresh } = search;
  // Rows kept from the previous view are not this view's: their age is not shown.
  const updatedAt = result.isPlaceholderData ? 0 : result.dataUpdatedAt;
  const selectId = useId();
  const ageId = useId();
  const now = useNow(5_000);
  const paused = useRefreshPaused(refresh !== null);
  useEffect(() => onRefreshPaused(paused), [paused, onRefreshPaused]);
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1 text-sm print:hidden">
      <label htmlFor={selectId}>Auto-refresh</label>
      <Select
        id={selectId}
        value={refresh ?? 'off'}
        aria-describedby={ageId}
        onChange={(event) =>
          onViewChange({
            refresh:
              REFRESH_INTERVALS.find((seconds) => String(seconds) === event.target.value) ?? null,
          })
        }
      >
        <option value="off">Off</option>
        {REFRESH_INTERVALS.map((seconds) => (
          <option key={seconds} value={seconds}>
            {INTERVAL_LABELS[seconds]}
          </option>
        ))}
      </Select>
      <span id={ageId} className="text-ink-muted">
        {updatedAt > 0 ? formatUpdatedAgo(now - updatedAt) : null}
        {refresh !== null && paused ? ' · paused while you type or a menu is open' : null}
      </span>
    </span>
  );
}
