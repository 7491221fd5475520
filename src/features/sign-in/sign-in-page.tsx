import { useQuery } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { useId, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  oidcSignInPath,
  parseSignInSearch,
  SIGN_IN_ACTION,
  type SignInProblem,
} from '#src/api/contract/sign-in.ts';
import { serverInfoOptions } from '#src/api/server-info-query.ts';
import { buttonVariants } from '#src/components/ui/button.tsx';
import { CopyButton } from '#src/components/copy-button.tsx';
import { useFocusOnArrival } from '#src/components/page-arrival.tsx';

/** How staff sign in here: with a pasted token, or at the institution's identity provider. */
type SignInWay = { mode: 'token' } | { mode: 'oidc'; provider: string };

type Copy = { text: string; alert: boolean };

const PROBLEM_COPY: Record<SignInProblem, (way: SignInWay) => Copy> = {
  empty: () => ({ text: 'Paste your SmarterProctoring API token to sign in.', alert: true }),
  invalid: () => ({
    text: 'That does not look like a SmarterProctoring API token: a token is one line of letters, digits and punctuation, without spaces. Copy it again from where you keep it.',
    alert: true,
  }),
  expired: (way) => ({
    text:
      way.mode === 'oidc'
        ? 'Your sign-in has ended. Sign in again and you will return to the page you were on.'
        : 'Your token has expired. Sign in with a current token and you will return to the page you were on.',
    alert: true,
  }),
  refused: (way) => ({
    text:
      way.mode === 'oidc'
        ? 'SmarterProctoring did not accept your sign-in. Sign in again; if this keeps happening, ask an administrator whether your account may read sessions.'
        : 'SmarterProctoring did not accept this token. Check that it is current and belongs to your account.',
    alert: true,
  }),
  'signed-out': (way) => ({
    text: `You have signed out: this browser no longer holds your ${way.mode === 'oidc' ? 'sign-in' : 'token'}.`,
    alert: false,
  }),
  'sign-in-failed': () => ({
    text: 'The sign-in could not be finished: it took too long, was started again in another tab, or did not begin on this dashboard. Sign in again.',
    alert: true,
  }),
  'provider-error': (way) => ({
    text: `${providerName(way)} did not sign you in. If you cancelled, sign in again; if you were turned away, ask an administrator whether your account may use this dashboard.`,
    alert: true,
  }),
  'provider-unreachable': (way) => ({
    text: `${providerName(way)} is not answering, so signing in is not possible just now. Try again in a minute.`,
    alert: true,
  }),
  'session-too-large': () => ({
    text: 'Your sign-in worked, but it is too large for this dashboard to keep in the browser. Tell an administrator: the identity provider needs to send smaller tokens.',
    alert: true,
  }),
};

function providerName(way: SignInWay): string {
  return way.mode === 'oidc' ? way.provider : 'The identity provider';
}

/**
 * Per-user sign-in: a plain form posted to the server, which keeps the token in an encrypted
 * cookie that scripts on this page cannot read, then returns to the view in `next`.
 */
export function SignInPage() {
  const [searchParams] = useSearchParams();
  const { next, problem } = parseSignInSearch(searchParams);
  const { data: serverInfo } = useQuery(serverInfoOptions);
  const tokenId = useId();
  const hintId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);
  const access = serverInfo?.access;
  const demoToken = serverInfo?.mode === 'demo' ? serverInfo.demoToken : undefined;
  const way: SignInWay =
    access?.mode === 'oidc' ? { mode: 'oidc', provider: access.provider } : { mode: 'token' };
  const copy = problem === null ? null : PROBLEM_COPY[problem](way);

  return (
    <section aria-labelledby="sign-in-title" className="mx-auto max-w-lg space-y-5">
      <h1
        id="sign-in-title"
        ref={heading}
        tabIndex={-1}
        className="flex items-center gap-2 text-2xl font-semibold focus:outline-none"
      >
        <KeyRound aria-hidden="true" className="size-6 text-accent" />
        Sign in
      </h1>
      {copy === null ? null : (
        <p
          role={copy.alert ? 'alert' : 'status'}
          className={
            copy.alert
              ? 'rounded-md border border-danger-line bg-danger-soft px-3 py-2 text-sm text-ink'
              : 'rounded-md border border-line bg-surface px-3 py-2 text-sm'
          }
        >
          {copy.text}
        </p>
      )}
      {access?.mode === 'shared' ? (
        <p>
          This dashboard uses one shared token set up by its administrator, so there is nothing to
          sign in to.{' '}
          <Link to={next} className="font-medium text-accent underline">
            Continue
          </Link>
        </p>
      ) : access?.signedIn === true ? (
        <p>
          You are signed in.{' '}
          <Link to={next} className="font-medium text-accent underline">
            Continue
          </Link>
        </p>
      ) : access?.mode === 'oidc' ? (
        <div className="space-y-3">
          {/* A server route, not a view: the browser goes there and on to the provider. */}
          <a href={oidcSignInPath(next)} className={buttonVariants({ variant: 'primary' })}>
            Sign in with {access.provider}
          </a>
          <p className="text-sm text-ink-muted">
            You sign in on your institution&apos;s own page, which sends you back here. The
            dashboard never sees your password, and keeps your sign-in in an encrypted cookie that
            scripts on this page cannot read.
          </p>
          {serverInfo?.mode === 'demo' ? (
            <aside
              aria-label="Demo accounts"
              className="rounded-md border border-warning-line bg-warning-soft p-3 text-sm text-ink"
            >
              This is the demo: its identity provider offers made-up staff accounts, with no
              password. Choose one there.
            </aside>
          ) : null}
        </div>
      ) : (
        <>
          <form method="post" action={SIGN_IN_ACTION} className="space-y-3">
            <input type="hidden" name="next" value={next} />
            <div className="space-y-1">
              <label htmlFor={tokenId} className="block font-medium">
                Your SmarterProctoring API token
              </label>
              <input
                id={tokenId}
                name="token"
                type="password"
                required
                autoComplete="off"
                spellCheck={false}
                aria-describedby={hintId}
                className="w-full rounded-md border border-line-strong bg-surface px-3 py-2 font-mono text-sm text-ink"
              />
              <p id={hintId} className="text-sm text-ink-muted">
                The server keeps it in an encrypted cookie that scripts on this page cannot read,
                and sends it only to SmarterProctoring. Sign out removes it.
              </p>
            </div>
            <button type="submit" className={buttonVariants({ variant: 'primary' })}>
              Sign in
            </button>
          </form>
          {demoToken === undefined ? null : (
            <aside
              aria-label="Demo token"
              className="space-y-2 rounded-md border border-warning-line bg-warning-soft p-3 text-sm text-ink"
            >
              <p>This is the demo: it accepts made-up tokens like this one, which lasts 8 hours.</p>
              <div className="flex flex-wrap gap-2">
                <form method="post" action={SIGN_IN_ACTION}>
                  <input type="hidden" name="next" value={next} />
                  <input type="hidden" name="token" value={demoToken} />
                  <button type="submit" className={buttonVariants()}>
                    Sign in with a demo token
                  </button>
                </form>
                <CopyButton text={demoToken} label="Copy the demo token" />
              </div>
            </aside>
          )}
        </>
      )}
    </section>
  );
}
