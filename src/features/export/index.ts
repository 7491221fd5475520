/** What the rest of the app may use of the CSV export. */
export { ExportCsv } from '#src/features/export/export-csv.tsx';
