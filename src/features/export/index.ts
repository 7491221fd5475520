export { ExportCsv } from '#src/features/export/export-csv.tsx';
