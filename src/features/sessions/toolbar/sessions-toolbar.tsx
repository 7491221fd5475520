import { useId } from 'react';
import { FILTERABLE_STATUSES, type FilterableStatus } from '#src/api/contract/session-status.ts';
import { STATUS_SLUGS, type SessionListSearch } from '#src/lib/list-search.ts';
import { chipClass } from '#src/components/ui/chip.tsx';
import { useToolbar } from '#src/components/ui/toolbar.tsx';
import { statusMeta } from '#src/features/sessions/status/status-meta.ts';
import type { StatusCountsState } from '#src/features/sessions/status/use-status-counts.ts';
import { useFormatCount } from '#src/lib/format-number.ts';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

// Links, a button and a help: until their code comes, the server's HTML of them stays (the links
// work as they are). The status filter, which shows the counts, is here at once.
const presets = lazyComponent(
  () =>
    import('#src/features/sessions/toolbar/toolbar-extras.tsx').then(
      (module) => module.TriagePresets,
    ),
  { keepServerHtml: true },
);
const actions = lazyComponent(() =>
  import('#src/features/sessions/toolbar/toolbar-extras.tsx').then(
    (module) => module.ToolbarActions,
  ),
);

/** One status's count: a number, null when it could not be had, undefined while loading. */
function countOf(counts: StatusCountsState, status: FilterableStatus): number | null | undefined {
  return typeof counts === 'string' ? null : counts?.[status];
}

/** A count as the filter says it to a screen reader: "9 sessions.", or why there is none. */
function describeCount(
  count: number | null,
  formatCount: (value: number) => string,
  heldBack: boolean,
): string {
  if (count === null && heldBack) return 'count held back to spare the API quota.';
  if (count === null) return 'count unavailable.';
  return `${formatCount(count)} ${count === 1 ? 'session' : 'sessions'}.`;
}

function StatusFilter({
  selected,
  counts,
  onChange,
}: {
  selected: FilterableStatus[];
  /** Undefined until the counts arrive: each chip keeps room for its count meanwhile. */
  counts: StatusCountsState;
  onChange: (statuses: FilterableStatus[]) => void;
}) {
  const formatCount = useFormatCount();
  const { toolbarProps, itemProps } = useToolbar();
  const legendId = useId();
  function toggle(status: FilterableStatus, checked: boolean) {
    onChange(
      checked ? [...selected, status] : selected.filter((candidate) => candidate !== status),
    );
  }
  return (
    <fieldset className="min-w-0">
      <legend id={legendId} className="sr-only">
        Status (none selected = all)
      </legend>
      {/* One tab stop for the seven statuses; the arrows move between them. */}
      <div {...toolbarProps} aria-labelledby={legendId} className="flex flex-wrap gap-1">
        {FILTERABLE_STATUSES.map((status, index) => {
          const meta = statusMeta(status);
          const checked = selected.includes(status);
          const count = countOf(counts, status);
          return (
            // The chip is a sibling after the checkbox, so its focus ring is a `peer-` style
            // rather than a :has() selector that every style change would re-evaluate.
            <label key={status} title={meta.meaning} className="inline-flex cursor-pointer">
              <input
                type="checkbox"
                // The count is read after the name ("Incident, 9 sessions."), which stays the
                // status alone, as voice control and every other label on the page say it.
                aria-describedby={`status-filter-${STATUS_SLUGS[status]}-description`}
                className="peer sr-only"
                {...itemProps(index)}
                checked={checked}
                onChange={(event) => toggle(status, event.target.checked)}
              />
              <span
                className={chipClass({
                  tone: checked ? meta.tone : 'off',
                  className:
                    'min-h-6 peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-focus',
                })}
              >
                {meta.label}
                {/* Room for two digits while loading, so most chips do not grow when counts land. */}
                <span aria-hidden="true" className="min-w-[2ch] font-normal tabular-nums">
                  {count === undefined ? null : count === null ? '–' : formatCount(count)}
                </span>
                {checked ? <span aria-hidden="true">✓</span> : null}
              </span>
            </label>
          );
        })}
      </div>
      {counts === 'held-back' ? (
        <p className="mt-1 text-xs text-ink-muted">
          Counts held back to spare the API quota; they come back by themselves.
        </p>
      ) : null}
      {/* Outside the labels, so each description adds to its checkbox without renaming it. */}
      {FILTERABLE_STATUSES.map((status) => {
        const count = countOf(counts, status);
        return (
          <span key={status} id={`status-filter-${STATUS_SLUGS[status]}-description`} hidden>
            {count === undefined
              ? ''
              : `${describeCount(count, formatCount, counts === 'held-back')} `}
            {statusMeta(status).meaning}
          </span>
        );
      })}
    </fieldset>
  );
}

/** What narrows the rows, on one line; how they read (order, zone, size) is in ViewSettings. */
export function SessionsToolbar({
  search,
  statusCounts,
  inProgress = null,
  onViewChange,
}: {
  search: SessionListSearch;
  /** Sessions of each status alone; undefined until they arrive. */
  statusCounts?: StatusCountsState;
  /** Shown with every status when in-progress sessions are included; counted apart from them. */
  inProgress?: number | null;
  onViewChange: (change: Partial<SessionListSearch>) => void;
}) {
  return (
    <section
      aria-label="Filters"
      data-list-filters
      className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-lg border border-line bg-surface px-3 py-2 print:hidden"
    >
      <presets.Deferred search={search} />
      <StatusFilter
        selected={search.statuses}
        counts={statusCounts}
        onChange={(statuses) => onViewChange({ statuses })}
      />
      <actions.Deferred search={search} inProgress={inProgress} onViewChange={onViewChange} />
    </section>
  );
}
