import { useDisplayZone } from '#src/lib/time-zone/display-zone.tsx';
import { useHydrated } from '#src/lib/use-hydrated.tsx';
import { ChevronDown } from 'lucide-react';
import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  DEFAULT_LIST_SEARCH,
  PAGE_SIZES,
  SORTS,
  type SessionListSearch,
} from '#src/lib/list-search.ts';
import { Select } from '#src/components/ui/select.tsx';
import { TimeZoneSelect } from '#src/lib/time-zone/time-zone-select.tsx';

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
        className={`relative h-5 w-9 shrink-0 rounded-full motion-safe:transition-colors ${checked ? 'bg-accent' : 'bg-line-strong'}`}
      >
        <span
          aria-hidden="true"
          className={`absolute top-0.5 left-0.5 size-4 rounded-full bg-surface shadow motion-safe:transition-transform ${checked ? 'translate-x-4' : ''}`}
        />
      </button>
      <label htmlFor={id} className="cursor-pointer">
        Include in-progress sessions
      </label>
    </span>
  );
}

/** The settings that differ from a fresh view's, for the folded button's "· 2 changed". */
function countChanged(view: SessionListSearch): number {
  const keys = ['includeActive', 'sort', 'limit', 'timeZone'] as const;
  return keys.filter((key) => view[key] !== DEFAULT_LIST_SEARCH[key]).length;
}

/**
 * How the rows read. Above 640 px a strip on the results; narrower, folded behind a button (CSS
 * decides, so the server's HTML fits every screen) that Escape closes. `aside` is never folded.
 */
export function ViewSettings({
  search,
  onViewChange,
  aside,
  className = '',
}: {
  search: SessionListSearch;
  onViewChange: (change: Partial<SessionListSearch>) => void;
  aside?: ReactNode;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const toggle = useRef<HTMLButtonElement>(null);
  const changed = countChanged(search);
  // Folded, the zone select is out of sight: the button names the zone every time shown is in.
  const hydrated = useHydrated();
  const zone =
    useDisplayZone() ??
    (hydrated ? Intl.DateTimeFormat().resolvedOptions().timeZone : 'your time zone');

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
    <div
      onKeyDown={closeOnEscape}
      className={`flex flex-wrap items-center gap-x-5 gap-y-1 px-3 py-1 text-sm print:hidden ${className}`}
    >
      <button
        ref={toggle}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        className="flex min-h-11 grow items-center justify-between gap-2 text-left font-medium wide:hidden"
      >
        <span>
          View options{changed === 0 ? '' : ` · ${String(changed)} changed`}
          <span className="block text-xs font-normal text-ink-muted">Times in {zone}</span>
        </span>
        <ChevronDown aria-hidden="true" className={`size-4 shrink-0 ${open ? 'rotate-180' : ''}`} />
      </button>
      <div
        id={panelId}
        className={`flex flex-wrap items-center gap-x-5 gap-y-2 ${open ? 'max-wide:basis-full max-wide:pb-2' : 'max-wide:hidden'}`}
      >
        <IncludeActiveSwitch
          checked={search.includeActive}
          onChange={(includeActive) => onViewChange({ includeActive })}
        />
        <label className="inline-flex items-center gap-2 wide:hidden">
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
        <TimeZoneSelect onChange={(timeZone) => onViewChange({ timeZone })} />
        <label className="inline-flex items-center gap-2">
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
      </div>
      {aside}
    </div>
  );
}
