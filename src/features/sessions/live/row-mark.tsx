import { CircleDot, RefreshCw } from 'lucide-react';
import { markText } from '#src/features/sessions/live/mark-text.ts';
import type { RowMark } from '#src/features/sessions/live/row-marks.ts';
import { useDisplayZone } from '#src/lib/time-zone/display-zone.tsx';

// Focusable by script: "Go to the first" lands here, so a screen reader hears what changed.
export function RowMarkText({ mark }: { mark: RowMark }) {
  const { short, full } = markText(mark, useDisplayZone());
  const Icon = mark.kind === 'changed' ? RefreshCw : CircleDot;
  return (
    <span
      data-slot="row-mark"
      data-mark={mark.kind}
      data-since-visit={mark.sinceVisit || undefined}
      tabIndex={-1}
      className="inline-flex items-center gap-1 rounded font-medium text-accent focus:outline-2 focus:outline-offset-2 focus:outline-focus"
    >
      <Icon aria-hidden="true" className="size-3.5 shrink-0" />
      {short === full ? (
        full
      ) : (
        <>
          <span aria-hidden="true">{short}</span>
          <span className="sr-only">{full}</span>
        </>
      )}
    </span>
  );
}
