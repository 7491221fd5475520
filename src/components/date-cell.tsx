import { useId } from 'react';
import { formatDate } from '#src/lib/format-date.ts';

/**
 * Absolute date in the viewer's zone plus a relative hint; the exact ISO timestamp appears on
 * hover and on keyboard focus. A value that is not a date is shown verbatim, never "Invalid Date".
 */
export function DateCell({ value, empty }: { value: string | null; empty: string }) {
  const tooltipId = useId();
  if (value === null || value === '') return <span className="text-ink-muted">{empty}</span>;
  const formatted = formatDate(value);
  if (!formatted) return <span className="font-mono text-xs">{value}</span>;
  return (
    <span className="group relative inline-block">
      <time
        dateTime={formatted.iso}
        tabIndex={0}
        // Escape dismisses the ISO tooltip without moving on (WCAG 1.4.13).
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.currentTarget.blur();
        }}
        aria-describedby={tooltipId}
        className="block rounded whitespace-nowrap"
      >
        {formatted.absolute}
        <span className="block text-xs text-ink-muted">{formatted.relative}</span>
      </time>
      <span
        id={tooltipId}
        role="tooltip"
        className="absolute top-full left-0 z-10 mt-1 hidden rounded bg-slate-900 px-2 py-1 font-mono text-xs whitespace-nowrap text-white group-focus-within:block group-hover:block"
      >
        {formatted.iso}
      </span>
    </span>
  );
}
