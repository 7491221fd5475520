import { useDisplayZone } from '#src/lib/time-zone/display-zone.tsx';
import { formatDate, formatUtcDate } from '#src/lib/format-date.ts';
import { useHydrated } from '#src/lib/use-hydrated.ts';

/**
 * Compact absolute date ("15 Nov 2026, 00:25", 24-hour) in the zone the URL's "Times in" choice
 * resolves to (the viewer's by default), plus a relative hint as a small second line. The zone is
 * not repeated in each cell: the page names it once (the list's "Times in" line and caption); the exact ISO instant is the `title` (on hover)
 * and the `<time datetime>`. No tab stop and no tooltip element per cell: a page of 100 rows
 * holds 300 dates. Until hydration the cell shows the locale-free UTC form the server rendered,
 * whatever the choice: the server knows neither the viewer's zone and locale, nor the moment the
 * page is read, nor (yet) the install's zone. A value that is not a date is shown verbatim, never
 * "Invalid Date".
 */
export function DateCell({ value, empty }: { value: string | null; empty: string }) {
  const hydrated = useHydrated();
  const timeZone = useDisplayZone();
  if (value === null || value === '') return <span className="text-ink-muted">{empty}</span>;
  const formatted = formatDate(value, undefined, timeZone);
  if (!formatted) return <span className="font-mono text-xs">{value}</span>;
  return (
    <time dateTime={formatted.iso} title={formatted.iso} className="block whitespace-nowrap">
      {hydrated ? formatted.absolute : formatUtcDate(formatted.iso)}
      <span className="block text-xs text-ink-muted">
        {hydrated ? formatted.relative : '\u00a0'}
      </span>
    </time>
  );
}
