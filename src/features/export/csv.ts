// See docs/decisions/csv-export.md.
import { courseLabel } from '#src/api/contract/session-detail.ts';
import type { SessionListSids, SessionRow } from '#src/api/contract/session-list.ts';
import type { CachedNames } from '#src/lib/cached-names.ts';
import type { SessionListSearch } from '#src/lib/list-search.ts';
import { STATUS_SLUGS } from '#src/lib/list-search.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/** No exception for negative numbers: that is where `-1+cmd|…` would slip through. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvField(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

export function isoUtc(value: string | null): string {
  if (value === null) return '';
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

const zonedFormats = new Map<string, Intl.DateTimeFormat>();

function zonedFormat(timeZone: string): Intl.DateTimeFormat {
  let format = zonedFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    zonedFormats.set(timeZone, format);
  }
  return format;
}

/** `2026-12-24 22:47:54`: the form Excel and LibreOffice read as a date-time in every locale. */
export function zonedDateTime(value: string | Date | null, timeZone: string): string {
  if (value === null) return '';
  const time = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(time)) return typeof value === 'string' ? value : '';
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const { type, value: text } of zonedFormat(timeZone).formatToParts(time)) part[type] = text;
  const { year = '', month, day, hour, minute, second } = part;
  return `${year.padStart(4, '0')}-${month ?? ''}-${day ?? ''} ${hour ?? ''}:${minute ?? ''}:${second ?? ''}`;
}

/** One export's every row: the list is one enrollment's sessions of one exam. */
export interface ExportSubject {
  sids: SessionListSids;
  names: CachedNames;
  timeZone: string;
}

interface Column {
  header: string;
  cell: (row: SessionRow) => string;
}

function dateColumns(
  label: string,
  date: (row: SessionRow) => string | null,
  timeZone: string,
): Column[] {
  return [
    { header: `${label} (${timeZone})`, cell: (row) => zonedDateTime(date(row), timeZone) },
    { header: `${label} (UTC ISO 8601)`, cell: (row) => isoUtc(date(row)) },
  ];
}

function courseOf({ exam }: CachedNames): string {
  return exam === undefined ? '' : (courseLabel(exam) ?? '');
}

function subjectColumns({ sids, names }: ExportSubject): Column[] {
  const constant = (header: string, value: string) => ({ header, cell: () => value });
  return [
    constant('Learner', names.learner ?? ''),
    constant('Learner email', names.learnerEmail ?? ''),
    constant('Install', names.install ?? ''),
    constant('Exam', names.exam?.examTitle ?? ''),
    constant('Course', courseOf(names)),
    constant('Install sid', sids.installSid),
    constant('Enrollment sid', sids.enrollmentSid),
    constant('Exam sid', sids.examSid),
  ];
}

function sessionColumns(subject: ExportSubject): Column[] {
  const { timeZone } = subject;
  return [
    { header: 'Session', cell: (row) => row.sid },
    { header: 'Status', cell: (row) => row.status },
    { header: 'Type', cell: (row) => row.sessionType ?? '' },
    ...dateColumns('Appointment', (row) => row.appointmentDate, timeZone),
    ...dateColumns('Created', (row) => row.createdDate, timeZone),
    ...dateColumns('Last edited', (row) => row.editDate, timeZone),
    ...subjectColumns(subject),
  ];
}

export function sessionsCsv(rows: readonly SessionRow[], subject: ExportSubject): string {
  const columns = sessionColumns(subject);
  return toCsv([
    columns.map((column) => column.header),
    ...rows.map((row) => columns.map((column) => column.cell(row))),
  ]);
}

const NAME_PART_BYTES = 60;

function utf8Bytes(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/** A name as a file-name piece any OS takes, with no mark that could disguise the extension. */
export function fileNamePart(name: string, fallback: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[<>:"/\\|?*]/g, '_')
    .replace(/[\s\p{Cc}]+/gu, ' ');
  let part = '';
  let bytes = 0;
  for (const char of cleaned) {
    bytes += utf8Bytes(char);
    if (bytes > NAME_PART_BYTES) break;
    part += char;
  }
  part = part.replace(/^[\s.]+|[\s.]+$/g, '');
  return part === '' && fallback !== '' ? fileNamePart(fallback, '') : part;
}

/** E.g. `Chemistry Final Exam - Maya Okonkwo - incident+closed - 2026-12-06.csv`. */
export function exportFileName(
  { sids, names, timeZone }: ExportSubject,
  view: Pick<SessionListSearch, 'statuses' | 'includeActive'>,
  now: Date,
): string {
  const filter = view.statuses.length > 0 ? view.statuses.map((s) => STATUS_SLUGS[s]) : ['all'];
  if (view.includeActive) filter.push('in-progress');
  return `${[
    fileNamePart(names.exam?.examTitle ?? '', sids.examSid),
    fileNamePart(names.learner ?? '', sids.enrollmentSid),
    filter.join('+'),
    zonedDateTime(now, timeZone).slice(0, 10),
  ].join(' - ')}.csv`;
}
