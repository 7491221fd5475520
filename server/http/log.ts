/**
 * Server diagnostics: one JSON object per line on stderr, with a timestamp, so log tools can
 * filter by field. Fields never hold the token, cookies or query values.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Tests pass their own sink to read what was logged. */
export type Log = (message: string, fields?: LogFields) => void;

export function logToStderr(message: string, fields?: LogFields): void {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), msg: message, ...fields })}\n`,
  );
}
