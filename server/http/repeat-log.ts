// See docs/decisions/server-logging.md: the first event of a kind is logged at once, its repeats
// within the window as one summary line when the window ends.
import type { Log, LogFields } from '#server/http/log.ts';

export const REPEAT_WINDOW_MS = 10_000;

export interface LogLine {
  message: string;
  fields: LogFields;
}

export interface RepeatLogFormat<Event> {
  kindOf(event: Event): string;
  line(event: Event): LogLine;
  /** `first` is the event logged at once; `repeats` counts those after it in the window. */
  summary(first: Event, repeats: number, windowMs: number): LogLine;
}

export interface RepeatLog<Event> {
  record(event: Event): void;
  /** Writes the summaries still counting (on shutdown). */
  flush(): void;
}

interface Window<Event> {
  first: Event;
  repeats: number;
  timer: ReturnType<typeof setTimeout>;
}

export function createRepeatLog<Event>(
  log: Log,
  format: RepeatLogFormat<Event>,
  windowMs = REPEAT_WINDOW_MS,
): RepeatLog<Event> {
  const windows = new Map<string, Window<Event>>();

  function summarise(kind: string): void {
    const window = windows.get(kind);
    if (window === undefined) return;
    windows.delete(kind);
    clearTimeout(window.timer);
    if (window.repeats === 0) return;
    const { message, fields } = format.summary(window.first, window.repeats, windowMs);
    log(message, fields);
  }

  return {
    record(event) {
      const kind = format.kindOf(event);
      const window = windows.get(kind);
      if (window !== undefined) {
        window.repeats += 1;
        return;
      }
      const timer = setTimeout(() => {
        summarise(kind);
      }, windowMs);
      // A pending summary never keeps the process alive.
      timer.unref();
      windows.set(kind, { first: event, repeats: 0, timer });
      const { message, fields } = format.line(event);
      log(message, fields);
    },
    flush() {
      for (const kind of [...windows.keys()]) summarise(kind);
    },
  };
}
