// See docs/decisions/per-user-sign-in.md and oidc-sign-in.md.
import { z } from 'zod/mini';
import { PAGE_ROUTES } from '#src/api/contract/routes.ts';

export const SIGN_IN_ACTION = '/auth/sign-in';
export const SIGN_OUT_ACTION = '/auth/sign-out';
/** SP_AUTH=oidc: sends the browser to the identity provider, which sends it back to the callback. */
export const OIDC_SIGN_IN_PATH = '/auth/oidc';
export const OIDC_CALLBACK_PATH = '/auth/callback';
/** Where the identity provider sends the browser once it has signed out there too. */
export const OIDC_SIGNED_OUT_PATH = '/auth/signed-out';

export const SIGN_IN_PROBLEMS = [
  'empty',
  'invalid',
  'expired',
  'refused',
  'signed-out',
  // SP_AUTH=oidc: the callback's state, nonce or PKCE did not match what this browser started.
  'sign-in-failed',
  'provider-error',
  'provider-unreachable',
  'session-too-large',
] as const;

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

export function oidcSignInPath(next: string): string {
  const returnTo = safeReturnPath(next);
  return returnTo === PAGE_ROUTES.home
    ? OIDC_SIGN_IN_PATH
    : `${OIDC_SIGN_IN_PATH}?${new URLSearchParams({ next: returnTo }).toString()}`;
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
