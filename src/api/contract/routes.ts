// Every router and link fills these patterns with buildPath, never a template of its own.

export const API_PREFIX = '/api';

export const PAGE_ROUTES = {
  home: '/',
  signIn: '/sign-in',
  sessions: '/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions',
  sessionDetail:
    '/installs/:installSid/enrollments/:enrollmentSid/exams/:examSid/sessions/:sessionSid',
} as const;

type RouteParamName<Pattern extends string> =
  Pattern extends `${string}:${infer Name}/${infer Rest}`
    ? Name | RouteParamName<`/${Rest}`>
    : Pattern extends `${string}:${infer Name}`
      ? Name
      : never;

/** Fills a pattern on both sides, so the server never loads a browser router. */
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
