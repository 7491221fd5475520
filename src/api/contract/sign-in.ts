/**
 * Per-user sign-in (SP_AUTH=user): the form on the sign-in page posts to the server, which keeps
 * the token in an encrypted httpOnly cookie and sends the browser back to the view it came from.
 */
import { z } from 'zod/mini';
import { PAGE_ROUTES } from '#src/api/contract/routes.ts';

/** Where the sign-in form posts (form fields: `token`, `next`). */
export const SIGN_IN_ACTION = '/auth/sign-in';
/** Where the Sign out form posts. */
export const SIGN_OUT_ACTION = '/auth/sign-out';

/** Why the sign-in page is shown, in its `problem` query parameter. */
export const SIGN_IN_PROBLEMS = [
  /** No token was pasted. */
  'empty',
  /** The pasted text cannot be a token (spaces, control characters, far too long). */
  'invalid',
  /** The token (or the session) has expired. */
  'expired',
  /** SmarterProctoring refused the token. */
  'refused',
  /** The page was reached by signing out. */
  'signed-out',
] as const;

export type SignInProblem = (typeof SIGN_IN_PROBLEMS)[number];

const signInProblemSchema = z.enum(SIGN_IN_PROBLEMS);

/**
 * A path on this site to return to: it must start with one "/" (not "//" or "/\", which browsers
 * read as another host), so a crafted link cannot send a signed-in user elsewhere.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (value === null || value === undefined) return PAGE_ROUTES.home;
  if (!value.startsWith('/') || /^\/[/\\]/.test(value) || /[\p{Cc}]/u.test(value)) {
    return PAGE_ROUTES.home;
  }
  return value;
}

/** The sign-in page that returns to `next` (a path with its query) and says why it is shown. */
export function signInPath(next: string, problem?: SignInProblem): string {
  const params = new URLSearchParams();
  const returnTo = safeReturnPath(next);
  // Coming back to the sign-in page itself would loop.
  if (returnTo !== PAGE_ROUTES.home && !returnTo.startsWith(PAGE_ROUTES.signIn)) {
    params.set('next', returnTo);
  }
  if (problem !== undefined) params.set('problem', problem);
  const query = params.toString();
  return query === '' ? PAGE_ROUTES.signIn : `${PAGE_ROUTES.signIn}?${query}`;
}

/** The sign-in page's query, read leniently: an unknown problem is no problem. */
export function parseSignInSearch(params: URLSearchParams): {
  next: string;
  problem: SignInProblem | null;
} {
  const problem = signInProblemSchema.safeParse(params.get('problem'));
  return {
    next: safeReturnPath(params.get('next')),
    problem: problem.success ? problem.data : null,
  };
}
