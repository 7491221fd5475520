// See docs/decisions/times-in-choice.md.
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
  // Like the server's UTC form, so "00:25" never turns into "12:25 AM" at hydration.
  hourCycle: 'h23',
};

/** Keyed by zone ('' = the viewer's): a page holds hundreds of dates, and a formatter is costly. */
const absoluteFormats = new Map<string, Intl.DateTimeFormat>();

export function absoluteDateFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let format = absoluteFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(undefined, { ...ABSOLUTE_DATE_OPTIONS, timeZone });
    absoluteFormats.set(key, format);
  }
  return format;
}

// Built on first use: the first Intl object of a page loads locale data, a long task at load.
let relativeFormat: Intl.RelativeTimeFormat | undefined;

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
    if (Math.abs(seconds) >= size) {
      relativeFormat ??= new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
      return relativeFormat.format(Math.trunc(seconds / size), unit);
    }
  }
  return seconds >= 0 ? 'in under a minute' : 'just now';
}

export function formatDate(
  value: string,
  now: Date = new Date(),
  timeZone?: string,
): FormattedDate | null {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return {
    absolute: absoluteDateFormat(timeZone).format(date),
    relative: formatRelative(date, now),
    iso: date.toISOString(),
  };
}

/** "2026-11-15 00:25": identical in every runtime, so hydration never sees a difference. */
export function formatUtcDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

let viewerZone: string | undefined;

/** Read once: a formatter keeps the zone it was built in, and every render of a page asks. */
export function viewerTimeZone(): string {
  return (viewerZone ??= absoluteDateFormat(undefined).resolvedOptions().timeZone);
}

/** Each name is resolved once: building a formatter costs more than the render that asks. */
const resolvedZones = new Map<string, string | null>();

/** "america/chicago" → "America/Chicago"; null when this runtime knows no such zone. */
export function resolveTimeZone(name: string): string | null {
  const known = resolvedZones.get(name);
  if (known !== undefined) return known;
  let resolved: string | null;
  try {
    resolved = new Intl.DateTimeFormat(undefined, { timeZone: name }).resolvedOptions().timeZone;
  } catch (error) {
    // Intl reports an unknown zone with a RangeError; anything else is a real bug.
    if (!(error instanceof RangeError)) throw error;
    resolved = null;
  }
  resolvedZones.set(name, resolved);
  return resolved;
}
