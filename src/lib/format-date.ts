/**
 * Dates as staff need them: absolute in the viewer's time zone with the zone named, plus a
 * relative hint, e.g. "Tue, 3 Mar 2026, 14:00 EST · in 3 days". Unparseable input returns null
 * so the caller can show the raw value rather than "Invalid Date".
 */
interface FormattedDate {
  absolute: string;
  relative: string;
  iso: string;
}

const absoluteFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

function formatRelative(date: Date, now: Date): string {
  const seconds = (date.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.trunc(seconds / size), unit);
  }
  return seconds >= 0 ? 'in under a minute' : 'just now';
}

export function formatDate(value: string, now: Date = new Date()): FormattedDate | null {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return {
    absolute: absoluteFormat.format(date),
    relative: formatRelative(date, now),
    iso: date.toISOString(),
  };
}

/**
 * The same instant as a fixed, locale-free UTC string ("2026-11-15 00:25 UTC"): what the server
 * renders, identical in every runtime, so hydration never sees a difference.
 */
export function formatUtcDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The viewer's IANA time zone, named in the table caption. */
export function viewerTimeZone(): string {
  return absoluteFormat.resolvedOptions().timeZone;
}
