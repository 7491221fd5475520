export type ParseResult<T, Problem = string> =
  { ok: true; value: T } | { ok: false; problems: Problem[] };
