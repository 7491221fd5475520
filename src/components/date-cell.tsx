import { useDisplayZone } from '#src/lib/time-zone/display-zone.tsx';
import { formatDate, formatUtcDate } from '#src/lib/format-date.ts';
import { useHydrated } from '#src/lib/use-hydrated.ts';

/** The page names the zone once; UTC until hydration. See docs/decisions/times-in-choice.md. */
export function DateCell({
  value,
  empty,
  inline = false,
}: {
  value: string | null;
  empty: string;
  /** The relative time beside the date rather than under it, for one-line rows. */
  inline?: boolean;
}) {
  const hydrated = useHydrated();
  const timeZone = useDisplayZone();
  if (value === null || value === '') return <span className="text-ink-muted">{empty}</span>;
  const formatted = formatDate(value, undefined, timeZone);
  if (!formatted) return <span className="font-mono text-xs">{value}</span>;
  const absolute = hydrated ? formatted.absolute : formatUtcDate(formatted.iso);
  return (
    <time
      dateTime={formatted.iso}
      title={formatted.iso}
      className={
        inline ? 'inline-flex flex-wrap items-baseline gap-x-1.5' : 'block whitespace-nowrap'
      }
    >
      {inline ? <span className="whitespace-nowrap">{absolute}</span> : absolute}
      <span
        data-slot="relative-time"
        className={`text-xs text-ink-muted ${inline ? 'whitespace-nowrap' : 'block'}`}
      >
        {hydrated ? formatted.relative : '\u00a0'}
      </span>
    </time>
  );
}
