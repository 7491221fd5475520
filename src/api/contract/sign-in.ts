// See docs/decisions/per-user-sign-in.md.
import { z } from 'zod/mini';
import { PAGE_ROUTES } from '#src/api/contract/routes.ts';

export const SIGN_IN_ACTION = '/auth/sign-in';
export const SIGN_OUT_ACTION = '/auth/sign-out';

export const SIGN_IN_PROBLEMS = ['empty', 'invalid', 'expired', 'refused', 'signed-out'] as const;

export type SignInProblem = (typeof SIGN_IN_PROBLEMS)[number];

const signInProblemSchema = z.enum(SIGN_IN_PROBLEMS);

/** One leading "/" only: browsers read "//" and "/\" as another host. */
export function safeReturnPath(value: string | null | undefined): string {
  if (value === null || value === undefined) return PAGE_ROUTES.home;
  if (!value.startsWith('/') || /^\/[/\\]/.test(value) || /[\p{Cc}]/u.test(value)) {
    return PAGE_ROUTES.home;
  }
  return value;
}

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
