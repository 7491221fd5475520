/**
 * The sessions of a view as a CSV file: RFC 4180 text (CRLF line ends, quoted fields where
 * needed, quotes doubled), safe to open in a spreadsheet, and a file name that says what it holds.
 */
import type { SessionListSids, SessionRow } from '#src/api/contract/session-list.ts';
import type { SessionListSearch } from '#src/lib/list-search.ts';
import { STATUS_SLUGS } from '#src/lib/list-search.ts';

/** Characters that make a spreadsheet read a cell as a formula (or a DDE command). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet shows as text, never runs: a leading `=`, `+`, `-`, `@`, tab or CR gets a
 * `'` before it (OWASP's advice). Always, with no exception for numbers that start with `-`: our
 * cells are sids, statuses, ISO dates and free text from the API, none of them numbers, and an
 * exception is where a crafted value like `-1+cmd|…` would slip through.
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180: a field holding a quote, comma, CR or LF is quoted, its quotes doubled. */
export function csvField(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows of fields as RFC 4180 text, every line (the last too) ended by CRLF. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** An API date as ISO 8601 in UTC; a value that is not a date is kept as sent; none is empty. */
export function isoUtc(value: string | null): string {
  if (value === null) return '';
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

/** The columns the list shows, dates as ISO 8601 UTC so any tool reads them alike. */
const SESSION_COLUMNS: readonly { header: string; cell: (row: SessionRow) => string }[] = [
  { header: 'Session', cell: (row) => row.sid },
  { header: 'Status', cell: (row) => row.status },
  { header: 'Type', cell: (row) => row.sessionType ?? '' },
  { header: 'Appointment (UTC)', cell: (row) => isoUtc(row.appointmentDate) },
  { header: 'Created (UTC)', cell: (row) => isoUtc(row.createdDate) },
  { header: 'Last edited (UTC)', cell: (row) => isoUtc(row.editDate) },
];

export const SESSION_CSV_HEADER = SESSION_COLUMNS.map((column) => column.header);

/** A header row, then one row per session. */
export function sessionsCsv(rows: readonly SessionRow[]): string {
  return toCsv([SESSION_CSV_HEADER, ...rows.map((row) => SESSION_COLUMNS.map((c) => c.cell(row)))]);
}

/** The viewer's calendar date, YYYY-MM-DD: the day they exported on, as they would name it. */
function localDate(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * `EX…-incident-pending-approval-2026-11-27.csv`: the exam, the filter (status slugs, or "all",
 * and "in-progress" when those are included) and the date, in characters every file system takes.
 */
export function exportFileName(
  sids: Pick<SessionListSids, 'examSid'>,
  view: Pick<SessionListSearch, 'statuses' | 'includeActive'>,
  now: Date,
): string {
  const filter = view.statuses.length > 0 ? view.statuses.map((s) => STATUS_SLUGS[s]) : ['all'];
  if (view.includeActive) filter.push('in-progress');
  const name = [sids.examSid, ...filter, localDate(now)].join('-');
  return `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.csv`;
}
