import { CircleHelp, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '#src/components/ui/button.tsx';
import { useToolbar } from '#src/components/ui/toolbar.tsx';
import { StatusLegend as StatusLegendText } from '#src/features/sessions/toolbar/status-legend.tsx';
import {
  isPresetView,
  presetSearch,
  TRIAGE_PRESETS,
} from '#src/features/sessions/toolbar/triage-presets.ts';
import { useFormatCount } from '#src/lib/format-number.ts';
import {
  resetListSearch,
  serializeListSearch,
  type SessionListSearch,
} from '#src/lib/list-search.ts';

// The toolbar's parts that are used, not read: in the extras chunk (see sessions-toolbar.tsx).

/** The triage presets as plain links, so each opens, bookmarks and shares like any view. */
export function TriagePresets({ search }: { search: SessionListSearch }) {
  // One tab stop, on the current preset when there is one, as in a group of radios.
  const { toolbarProps, itemProps } = useToolbar(
    Math.max(
      0,
      TRIAGE_PRESETS.findIndex((preset) => isPresetView(preset, search)),
    ),
  );
  return (
    <nav aria-label="Triage presets" className="text-sm">
      <div
        {...toolbarProps}
        aria-label="Quick views"
        className="flex flex-wrap items-center gap-0.5 rounded-md bg-surface-muted p-0.5 ring-1 ring-line ring-inset"
      >
        {TRIAGE_PRESETS.map((preset, index) => {
          const current = isPresetView(preset, search);
          return (
            <Link
              key={preset.label}
              {...itemProps(index)}
              to={{ search: serializeListSearch(presetSearch(preset, search)) }}
              aria-current={current ? 'true' : undefined}
              className={`inline-flex min-h-6 items-center rounded px-2.5 py-0.5 font-medium ${
                current ? 'bg-accent text-on-accent' : 'text-accent hover:bg-surface-hover'
              }`}
            >
              {preset.label}
            </Link>
          );
        })}
      </div>
    </nav>
  );
}

/** Not a filter: the API adds in-progress sessions to whichever statuses are chosen. */
function InProgressCount({ count }: { count: number }) {
  const formatCount = useFormatCount();
  return (
    <p className="text-xs text-ink-muted">
      + {formatCount(count)} in progress
      <span className="sr-only">, shown with every status and not counted in them</span>
    </p>
  );
}

/** A help icon; open, the legend takes a line of its own, the icon at its end. */
function StatusLegend() {
  // Its words are rendered only when asked for.
  const [open, setOpen] = useState(false);
  return (
    <details
      className="text-sm open:basis-full open:text-right"
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary
        title="What do the statuses mean?"
        className="inline-flex min-h-6 min-w-6 cursor-pointer list-none items-center justify-center rounded-md text-accent hover:bg-surface-hover [&::-webkit-details-marker]:hidden"
      >
        <CircleHelp aria-hidden="true" className="size-4" />
        <span className="sr-only">What do the statuses mean?</span>
      </summary>
      {open ? <StatusLegendText /> : null}
    </details>
  );
}

/** After the status filter: the in-progress count, Reset view and the status help. */
export function ToolbarActions({
  search,
  inProgress,
  onViewChange,
}: {
  search: SessionListSearch;
  inProgress: number | null;
  onViewChange: (change: Partial<SessionListSearch>) => void;
}) {
  const reset = resetListSearch(search);
  return (
    <>
      {inProgress === null ? null : <InProgressCount count={inProgress} />}
      <Button
        size="sm"
        onClick={() => onViewChange(reset)}
        disabled={serializeListSearch(reset) === serializeListSearch(search)}
        className="ml-auto"
      >
        <RotateCcw aria-hidden="true" className="size-3.5" />
        Reset view
      </Button>
      <StatusLegend />
    </>
  );
}
