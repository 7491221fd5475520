import { formatDate, formatUtcDate } from '#src/lib/format-date.ts';
import { useHydrated } from '#src/lib/use-hydrated.ts';

/**
 * Absolute date in the viewer's zone plus a relative hint; the exact ISO instant is the `title`
 * (on hover) and the `<time datetime>`. No tab stop and no tooltip element per cell: a page of
 * 100 rows holds 300 dates. Until hydration the cell shows the UTC form the server rendered,
 * since the server knows neither the viewer's zone nor the moment the page is read. A value that
 * is not a date is shown verbatim, never "Invalid Date".
 */
export function DateCell({ value, empty }: { value: string | null; empty: string }) {
  const hydrated = useHydrated();
  if (value === null || value === '') return <span className="text-ink-muted">{empty}</span>;
  const formatted = formatDate(value);
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
