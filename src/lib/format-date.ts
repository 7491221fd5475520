/**
 * Dates as staff need them: a compact absolute form plus a relative hint, e.g. "3 Mar 2026, 14:00"
 * and "in 3 days". The zone is the viewer's unless one is given (the "Times in" choice); it is not
 * repeated in every date but named once where the dates are shown. Unparseable input returns null
 * so the caller can show the raw value rather than "Invalid Date".
 */
interface FormattedDate {
  absolute: string;
  relative: string;
  iso: string;
}

/** Exported so the e2e test computes the text it expects the way the page does. */
export const ABSOLUTE_DATE_OPTIONS: Intl.DateTimeFormatOptions = {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  // 24-hour in every locale, like the UTC form the server renders, so a time never jumps from
  // "00:25" to "12:25 AM" at hydration, and times in different zones compare at a glance.
  hourCycle: 'h23',
};

/** Keyed by zone ('' = the viewer's): a page holds hundreds of dates, and a formatter is costly. */
const absoluteFormats = new Map<string, Intl.DateTimeFormat>();

function absoluteFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = absoluteFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(undefined, { ...ABSOLUTE_DATE_OPTIONS, timeZone });
    absoluteFormats.set(key, format);
  }
  return format;
}

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

/**
 * `timeZone` is an IANA zone checked with `resolveTimeZone` first (an unknown one throws a
 * RangeError here); undefined means the viewer's own.
 */
export function formatDate(
  value: string,
  now: Date = new Date(),
  timeZone?: string,
): FormattedDate | null {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return {
    absolute: absoluteFormat(timeZone).format(date),
    relative: formatRelative(date, now),
    iso: date.toISOString(),
  };
}

/**
 * The same instant as a fixed, locale-free UTC string ("2026-11-15 00:25"): what the server
 * renders, identical in every runtime, so hydration never sees a difference. Like the other
 * form it names no zone: the page names it once (UTC until hydration).
 */
export function formatUtcDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** The viewer's IANA time zone, as named in "My time zone (Europe/Paris)". */
export function viewerTimeZone(): string {
  return absoluteFormat(undefined).resolvedOptions().timeZone;
}

/**
 * The canonical IANA name of a zone this runtime knows ("america/chicago" → "America/Chicago"),
 * or null when it knows none by that name. The install's zone comes from settings whose format
 * is not documented, so it is checked before any date is formatted with it.
 */
export function resolveTimeZone(name: string): string | null {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: name }).resolvedOptions().timeZone;
  } catch (error) {
    // Intl reports an unknown zone with a RangeError; anything else is a real bug.
    if (error instanceof RangeError) return null;
    throw error;
  }
}
