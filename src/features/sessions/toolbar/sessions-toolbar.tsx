import { ChevronDown, RotateCcw } from 'lucide-react';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import { FILTERABLE_STATUSES, type FilterableStatus } from '#src/api/contract/session-status.ts';
import {
  PAGE_SIZES,
  resetListSearch,
  serializeListSearch,
  SORTS,
  STATUS_SLUGS,
  type SessionListSearch,
} from '#src/lib/list-search.ts';
import { Button } from '#src/components/ui/button.tsx';
import { chipVariants } from '#src/components/ui/chip.tsx';
import { Select } from '#src/components/ui/select.tsx';
import { useToolbar } from '#src/components/ui/toolbar.tsx';
import { LEGEND_STATUSES, statusMeta } from '#src/features/sessions/status/status-meta.ts';
import { StatusChip } from '#src/features/sessions/status/status-chip.tsx';
import {
  isPresetView,
  presetSearch,
  TRIAGE_PRESETS,
} from '#src/features/sessions/toolbar/triage-presets.ts';
import { StatusLinksSlot } from '#src/features/sessions/status/lazy-status-links.tsx';
import type { StatusCountsState } from '#src/features/sessions/status/use-status-counts.ts';
import { TimeZoneSelect } from '#src/lib/time-zone/time-zone-select.tsx';
import { useFormatCount } from '#src/lib/format-number.ts';

/** "Incident, Closed · oldest first · in-progress included", or null for the default view. */
function describeView(view: SessionListSearch): string | null {
  const parts: string[] = [];
  if (view.statuses.length > 0) parts.push(view.statuses.join(', '));
  if (view.sort === 'createdDate.asc') parts.push('oldest first');
  if (view.includeActive) parts.push('in-progress sessions included');
  return parts.length > 0 ? parts.join(' · ') : null;
}

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
      <legend id={legendId} className="mb-1.5 text-sm font-medium">
        Status <span className="font-normal text-ink-muted">(none selected = all)</span>
      </legend>
      {/* One tab stop for the seven statuses; the arrows move between them. */}
      <div {...toolbarProps} aria-labelledby={legendId} className="flex flex-wrap gap-1.5">
        {FILTERABLE_STATUSES.map((status, index) => {
          const meta = statusMeta(status);
          const Icon = meta.icon;
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
                className={chipVariants({
                  tone: checked ? meta.tone : 'off',
                  size: 'md',
                  className:
                    'peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-focus',
                })}
              >
                <Icon aria-hidden="true" className="size-3.5" />
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

function IncludeActiveSwitch({
  checked,
  onChange,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <span className="inline-flex items-center gap-2 text-sm">
      <button
        id={id}
        type="button"
        role="switch"
        aria-checked={checked}
        onClick={() => onChange(!checked)}
        className={`relative h-6 w-11 shrink-0 rounded-full motion-safe:transition-colors ${checked ? 'bg-accent' : 'bg-line-strong'}`}
      >
        <span
          aria-hidden="true"
          className={`absolute top-0.5 left-0.5 size-5 rounded-full bg-surface shadow motion-safe:transition-transform ${checked ? 'translate-x-5' : ''}`}
        />
      </button>
      <label htmlFor={id} className="cursor-pointer">
        Include in-progress sessions
      </label>
    </span>
  );
}

function StatusLegend() {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer py-0.5 font-medium text-accent">
        What do the statuses mean?
      </summary>
      <dl className="mt-2 grid gap-x-4 gap-y-2 sm:grid-cols-[auto_1fr]">
        {LEGEND_STATUSES.map((status) => (
          <div key={status} className="contents">
            <dt>
              <StatusChip status={status} />
            </dt>
            <dd className="text-ink-muted">{statusMeta(status).meaning}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/**
 * The triage presets as plain links, so each opens, bookmarks and shares like any view. Outside
 * the folding panel: on a phone they are the first thing under the header.
 */
function TriagePresets({ search }: { search: SessionListSearch }) {
  // One tab stop, on the current preset when there is one, as in a group of radios.
  const { toolbarProps, itemProps } = useToolbar(
    Math.max(
      0,
      TRIAGE_PRESETS.findIndex((preset) => isPresetView(preset, search)),
    ),
  );
  return (
    <nav aria-label="Triage presets" className="border-b border-line px-3 py-2 text-sm">
      <div
        {...toolbarProps}
        aria-label="Quick views"
        className="flex flex-wrap items-center gap-x-1 gap-y-1"
      >
        <span className="mr-1 text-ink-muted">Quick views:</span>
        {TRIAGE_PRESETS.map((preset, index) => {
          const current = isPresetView(preset, search);
          return (
            <Link
              key={preset.label}
              {...itemProps(index)}
              to={{ search: serializeListSearch(presetSearch(preset, search)) }}
              aria-current={current ? 'true' : undefined}
              className={`inline-flex min-h-6 items-center rounded-md px-2.5 py-1 font-medium ${
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

/** Statuses ticked, plus in-progress sessions included: what narrows or widens the rows. */
function countFiltersOn(view: SessionListSearch): number {
  return view.statuses.length + (view.includeActive ? 1 : 0);
}

/**
 * The view's controls. At 640 px and below they fold behind a "Filters · 2 on" disclosure
 * (CSS decides, so the server's HTML is the same for every screen); wider, the button is hidden
 * and the panel always shows. Escape closes the open disclosure and puts focus on its button.
 */
export function SessionsToolbar({
  search,
  statusCounts,
  onViewChange,
}: {
  search: SessionListSearch;
  /** Sessions per status under the view's other filters; undefined until they arrive. */
  statusCounts?: StatusCountsState;
  onViewChange: (change: Partial<SessionListSearch>) => void;
}) {
  const summary = describeView(search);
  const reset = resetListSearch(search);
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const filtersOn = countFiltersOn(search);

  const closeOnEscape = (event: KeyboardEvent<HTMLElement>) => {
    const button = toggle.current;
    // Wide, the button is not displayed and there is nothing to close.
    if (event.key !== 'Escape' || !open || !button) return;
    if (getComputedStyle(button).display === 'none') return;
    event.preventDefault();
    setOpen(false);
    button.focus();
  };

  return (
    <section
      aria-label="Filters"
      data-list-filters
      onKeyDown={closeOnEscape}
      className="rounded-lg border border-line bg-surface print:hidden"
    >
      <TriagePresets search={search} />
      {/* Narrow, the status filter and its counts fold away: the counts stay in sight here. */}
      <StatusLinksSlot
        counts={statusCounts}
        search={search}
        name="Sessions by status"
        heading="By status:"
        className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-line px-3 py-2 text-sm text-ink-muted wide:hidden"
      />
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        className="flex min-h-11 w-full items-center justify-between gap-2 rounded-lg px-3 py-2 text-left text-sm font-medium wide:hidden"
      >
        <span>Filters · {filtersOn === 0 ? 'none on' : `${String(filtersOn)} on`}</span>
        <ChevronDown aria-hidden="true" className={`size-4 shrink-0 ${open ? 'rotate-180' : ''}`} />
      </button>
      <div
        id={panelId}
        className={`space-y-3 p-3 ${open ? 'max-wide:border-t max-wide:border-line' : 'max-wide:hidden'}`}
      >
        <StatusFilter
          selected={search.statuses}
          counts={statusCounts}
          onChange={(statuses) => onViewChange({ statuses })}
        />
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <IncludeActiveSwitch
            checked={search.includeActive}
            onChange={(includeActive) => onViewChange({ includeActive })}
          />
          {/* The cards have no column header to sort by, so narrow screens get the order here. */}
          <label className="inline-flex items-center gap-2 text-sm wide:hidden">
            Order
            <Select
              value={search.sort}
              onChange={(event) => {
                const sort = SORTS.find((candidate) => candidate === event.target.value);
                if (sort !== undefined) onViewChange({ sort });
              }}
            >
              <option value="createdDate.desc">Newest first</option>
              <option value="createdDate.asc">Oldest first</option>
            </Select>
          </label>
          <label className="inline-flex items-center gap-2 text-sm">
            Rows per page
            <Select
              value={search.limit}
              onChange={(event) => {
                const limit = PAGE_SIZES.find((size) => String(size) === event.target.value);
                if (limit !== undefined) onViewChange({ limit });
              }}
            >
              {PAGE_SIZES.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </Select>
          </label>
          <TimeZoneSelect onChange={(timeZone) => onViewChange({ timeZone })} />
          {/* Quiet on purpose: the list's one live region announces each change once it lands. */}
          <p className="text-sm text-ink-muted">
            {summary ? (
              <>
                Showing: <span className="font-medium text-ink">{summary}</span>
              </>
            ) : (
              'Showing all sessions, newest first'
            )}
          </p>
          <Button
            size="sm"
            onClick={() => onViewChange(reset)}
            disabled={serializeListSearch(reset) === serializeListSearch(search)}
            className="ml-auto"
          >
            <RotateCcw aria-hidden="true" className="size-3.5" />
            Reset view
          </Button>
        </div>
        <StatusLegend />
      </div>
    </section>
  );
}
