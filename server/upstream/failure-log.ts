// The first failure of a kind is logged at once, repeats in the window as one summary line.
import type { Log } from '#server/http/log.ts';

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

export interface FailureLog {
  record(failure: UpstreamFailure): void;
  flush(): void;
}

export const FAILURE_LOG_WINDOW_MS = 10_000;

interface Window {
  first: UpstreamFailure;
  repeats: number;
  timer: ReturnType<typeof setTimeout>;
}

export function createFailureLog(log: Log, windowMs = FAILURE_LOG_WINDOW_MS): FailureLog {
  const windows = new Map<string, Window>();

  function summarise(kind: string): void {
    const window = windows.get(kind);
    if (window === undefined) return;
    windows.delete(kind);
    clearTimeout(window.timer);
    if (window.repeats === 0) return;
    const { first, repeats } = window;
    log(
      `upstream GET failed ${repeats} more times with ${describe(first)} in the last ${windowMs / 1000} s`,
      {
        event: 'upstream_failure_summary',
        upstreamStatus: first.upstreamStatus,
        status: first.status,
        code: first.code,
        count: repeats,
        windowMs,
      },
    );
  }

  return {
    record(failure) {
      const kind = `${failure.code} ${failure.upstreamStatus ?? '-'}`;
      const window = windows.get(kind);
      if (window !== undefined) {
        window.repeats += 1;
        return;
      }
      const timer = setTimeout(() => {
        summarise(kind);
      }, windowMs);
      timer.unref();
      windows.set(kind, { first: failure, repeats: 0, timer });
      const detail = failure.detail === undefined ? '' : ` (${failure.detail})`;
      log(
        `upstream GET ${failure.path}: ${describe(failure)} in ${failure.durationMs} ms${detail}`,
        {
          event: 'upstream_failure',
          path: failure.path,
          upstreamStatus: failure.upstreamStatus,
          status: failure.status,
          code: failure.code,
          durationMs: failure.durationMs,
          detail: failure.detail,
        },
      );
    },
    flush() {
      for (const kind of [...windows.keys()]) summarise(kind);
    },
  };
}

function describe({ upstreamStatus, status, code }: UpstreamFailure): string {
  const upstream = upstreamStatus === undefined ? 'no response' : `HTTP ${upstreamStatus}`;
  return `${upstream} -> ${status} ${code}`;
}
