/**
 * Every route pattern, written once. The server's router, the demo upstream, the upstream client,
 * the browser's router and every link are built from these patterns, never from a template
 * written again somewhere else.
 */

/** SmarterProctoring endpoints, relative to the API root; our server mirrors them under /api. */
export const API_ROUTES = {
  sessionList: '/v1/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions',
} as const;

/** Where the browser reaches our mirror of the API. */
export const API_PREFIX = '/api';

/** Dashboard pages. */
export const PAGE_ROUTES = {
  home: '/',
  sessions: '/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions',
} as const;

/** The `:name` params of a pattern, e.g. "installSid" | "examSid". */
export type RouteParamName<Pattern extends string> =
  Pattern extends `${string}:${infer Name}/${infer Rest}`
    ? Name | RouteParamName<`/${Rest}`>
    : Pattern extends `${string}:${infer Name}`
      ? Name
      : never;

/**
 * A path from a pattern and its params, each value URL-encoded, with an optional query. The same
 * patterns go to Hono and React Router for matching; this fills them on both sides, without
 * making the server load a browser router.
 */
export function buildPath<Pattern extends string>(
  pattern: Pattern,
  params: Readonly<Record<RouteParamName<Pattern>, string>>,
  search: URLSearchParams | string = '',
): string {
  const values: Readonly<Record<string, string>> = params;
  const path = pattern.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent(values[name] ?? ''),
  );
  const query = search.toString();
  return query === '' ? path : `${path}?${query}`;
}
