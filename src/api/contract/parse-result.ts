/** The outcome of parsing untrusted input: a typed value, or every problem found in plain words. */
export type ParseResult<T, Problem = string> =
  { ok: true; value: T } | { ok: false; problems: Problem[] };
