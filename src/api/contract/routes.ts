/**
 * Route patterns and the one way to fill them. Each endpoint's pattern lives in its own contract
 * module (e.g. SESSION_LIST_ROUTE); the dashboard's pages are here. The server's router, the demo
 * upstream, the upstream client, the browser's router and every link use these patterns, never a
 * template written again somewhere else.
 */

/** Where the browser reaches our mirror of the SmarterProctoring API (same paths, under /api). */
export const API_PREFIX = '/api';

/** Dashboard pages. */
export const PAGE_ROUTES = {
  home: '/',
  signIn: '/sign-in',
  sessions: '/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions',
  /** One session, opened from the list: the list's sids plus the session's, so Back is the list. */
  sessionDetail:
    '/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions/:sessionSid',
} as const;

/** The `:name` params of a pattern, e.g. "installSid" | "examSid". */
type RouteParamName<Pattern extends string> =
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
  const path = pattern.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name] ?? '';
    // Encoding leaves these as they are, and a URL parser would drop or climb the segment.
    if (value === '' || value === '.' || value === '..') {
      throw new Error(`The route param "${name}" must not be empty, "." or "..".`);
    }
    return encodeURIComponent(value);
  });
  const query = search.toString();
  return query === '' ? path : `${path}?${query}`;
}
