// Icons are decoration: the words carry every meaning, so no signal depends on colour.
import { AlarmClock, Clock } from 'lucide-react';
import type { SessionRow } from '#src/api/contract/session-list.ts';
import { RowMarkText } from '#src/features/sessions/live/row-mark.tsx';
import type { RowMark } from '#src/features/sessions/live/row-marks.ts';
import { sessionWait } from '#src/lib/session-wait.ts';

export function RowSignals({
  session,
  mark,
  now,
  overdueAfterMs,
}: {
  session: SessionRow;
  mark: RowMark | undefined;
  now: number;
  overdueAfterMs: number;
}) {
  const aging = sessionWait(session, now, overdueAfterMs);
  if (aging === null && mark === undefined) return null;
  return (
    <span className="ms-2 inline-flex flex-wrap items-center gap-x-2 gap-y-1 align-middle text-xs">
      {aging === null ? null : aging.overdue ? (
        <span
          data-slot="aging"
          data-overdue="true"
          className="inline-flex items-center gap-1 rounded bg-warning-soft px-1.5 py-0.5 font-medium text-warning ring-1 ring-warning-line ring-inset"
        >
          <AlarmClock aria-hidden="true" className="size-3.5 shrink-0" />
          waiting {aging.length}, overdue
        </span>
      ) : (
        <span data-slot="aging" className="inline-flex items-center gap-1 text-ink-muted">
          <Clock aria-hidden="true" className="size-3.5 shrink-0" />
          waiting {aging.length}
        </span>
      )}
      {mark === undefined ? null : <RowMarkText mark={mark} />}
    </span>
  );
}
