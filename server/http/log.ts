// Fields never hold the token, cookies or query values: see docs/decisions/server-logging.md.
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export type Log = (message: string, fields?: LogFields) => void;

export function logToStderr(message: string, fields?: LogFields): void {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), msg: message, ...fields })}\n`,
  );
}
