import { useDisplayZone } from '#src/lib/time-zone/display-zone.tsx';
import { formatDate, formatUtcDate } from '#src/lib/format-date.ts';
import { useHydrated } from '#src/lib/use-hydrated.tsx';

/** The page names the zone once; UTC until hydration. See docs/decisions/times-in-choice.md. */
export function DateCell({ value, empty }: { value: string | null; empty: string }) {
  const hydrated = useHydrated();
  const timeZone = useDisplayZone();
  if (value === null || value === '') return <span className="text-ink-muted">{empty}</span>;
  const formatted = formatDate(value, undefined, timeZone);
  if (!formatted) return <span className="font-mono text-xs">{value}</span>;
  const absolute = hydrated ? formatted.absolute : formatUtcDate(formatted.iso);
  return (
    <time dateTime={formatted.iso} title={formatted.iso} className="block whitespace-nowrap">
      {absolute}
      <span data-slot="relative-time" className="block text-xs text-ink-muted">
        {hydrated ? formatted.relative : '\u00a0'}
      </span>
    </time>
  );
}
