// The first failure of a kind is logged at once, repeats in the window as one summary line.
import type { Log } from '#server/http/log.ts';
import { createRepeatLog, REPEAT_WINDOW_MS, type RepeatLog } from '#server/http/repeat-log.ts';

export interface UpstreamFailure {
  /** Without its query, which may hold values that do not belong in a log. */
  path: string;
  /** Undefined when no status line arrived (network error, timeout, held by a 429). */
  upstreamStatus: number | undefined;
  status: number;
  code: string;
  durationMs: number;
  detail: string | undefined;
}

export type FailureLog = RepeatLog<UpstreamFailure>;

const FAILURE_LOG_WINDOW_MS = REPEAT_WINDOW_MS;

export function createFailureLog(log: Log, windowMs = FAILURE_LOG_WINDOW_MS): FailureLog {
  return createRepeatLog<UpstreamFailure>(
    log,
    {
      kindOf: (failure) => `${failure.code} ${failure.upstreamStatus ?? '-'}`,
      line: (failure) => ({
        message: `upstream GET ${failure.path}: ${describe(failure)} in ${failure.durationMs} ms${inParentheses(failure.detail)}`,
        fields: {
          event: 'upstream_failure',
          path: failure.path,
          upstreamStatus: failure.upstreamStatus,
          status: failure.status,
          code: failure.code,
          durationMs: failure.durationMs,
          detail: failure.detail,
        },
      }),
      summary: (first, repeats, window) => ({
        message: `upstream GET failed ${repeats} more times with ${describe(first)} in the last ${window / 1000} s`,
        fields: {
          event: 'upstream_failure_summary',
          upstreamStatus: first.upstreamStatus,
          status: first.status,
          code: first.code,
          count: repeats,
          windowMs: window,
        },
      }),
    },
    windowMs,
  );
}

function describe({ upstreamStatus, status, code }: UpstreamFailure): string {
  const upstream = upstreamStatus === undefined ? 'no response' : `HTTP ${upstreamStatus}`;
  return `${upstream} -> ${status} ${code}`;
}

function inParentheses(detail: string | undefined): string {
  return detail === undefined ? '' : ` (${detail})`;
}
