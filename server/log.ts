/** Where server diagnostics go by default; tests pass their own sink to read what was logged. */
export type Log = (line: string) => void;

export function logToStderr(line: string): void {
  console.error(line);
}
