// See docs/decisions/csv-export.md.
import type { SessionListSids, SessionRow } from '#src/api/contract/session-list.ts';
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

const SESSION_COLUMNS: readonly { header: string; cell: (row: SessionRow) => string }[] = [
  { header: 'Session', cell: (row) => row.sid },
  { header: 'Status', cell: (row) => row.status },
  { header: 'Type', cell: (row) => row.sessionType ?? '' },
  { header: 'Appointment (UTC)', cell: (row) => isoUtc(row.appointmentDate) },
  { header: 'Created (UTC)', cell: (row) => isoUtc(row.createdDate) },
  { header: 'Last edited (UTC)', cell: (row) => isoUtc(row.editDate) },
];

export const SESSION_CSV_HEADER = SESSION_COLUMNS.map((column) => column.header);

export function sessionsCsv(rows: readonly SessionRow[]): string {
  return toCsv([SESSION_CSV_HEADER, ...rows.map((row) => SESSION_COLUMNS.map((c) => c.cell(row)))]);
}

function localDate(now: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(now.getFullYear())}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** E.g. `EX…-incident-pending-approval-2026-11-27.csv`. */
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
