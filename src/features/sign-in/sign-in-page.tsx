import { useQuery } from '@tanstack/react-query';
import { KeyRound } from 'lucide-react';
import { useId, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  parseSignInSearch,
  SIGN_IN_ACTION,
  type SignInProblem,
} from '#src/api/contract/sign-in.ts';
import { serverInfoOptions } from '#src/api/server-info-query.ts';
import { buttonVariants } from '#src/components/ui/button.tsx';
import { CopyButton } from '#src/components/copy-button.tsx';
import { useFocusOnArrival } from '#src/components/page-arrival.tsx';

const PROBLEM_COPY: Record<SignInProblem, { text: string; alert: boolean }> = {
  empty: { text: 'Paste your SmarterProctoring API token to sign in.', alert: true },
  invalid: {
    text: 'That does not look like a SmarterProctoring API token: a token is one line of letters, digits and punctuation, without spaces. Copy it again from where you keep it.',
    alert: true,
  },
  expired: {
    text: 'Your token has expired. Sign in with a current token and you will return to the page you were on.',
    alert: true,
  },
  refused: {
    text: 'SmarterProctoring did not accept this token. Check that it is current and belongs to your account.',
    alert: true,
  },
  'signed-out': {
    text: 'You have signed out: this browser no longer holds your token.',
    alert: false,
  },
};

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
      {problem === null ? null : (
        <p
          role={PROBLEM_COPY[problem].alert ? 'alert' : 'status'}
          className={
            PROBLEM_COPY[problem].alert
              ? 'rounded-md border border-danger-line bg-danger-soft px-3 py-2 text-sm text-ink'
              : 'rounded-md border border-line bg-surface px-3 py-2 text-sm'
          }
        >
          {PROBLEM_COPY[problem].text}
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
      ) : access?.mode === 'user' && access.signedIn ? (
        <p>
          You are signed in.{' '}
          <Link to={next} className="font-medium text-accent underline">
            Continue
          </Link>
        </p>
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
