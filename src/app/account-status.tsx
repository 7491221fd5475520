import { useQuery } from '@tanstack/react-query';
import { SIGN_OUT_ACTION } from '#src/api/contract/sign-in.ts';
import { serverInfoOptions } from '#src/api/server-info-query.ts';
import { buttonVariants } from '#src/components/ui/button.tsx';
import { formatDate, formatUtcDate } from '#src/lib/format-date.ts';
import { useHydrated } from '#src/lib/use-hydrated.tsx';
import { useNow } from '#src/lib/use-now.ts';

/** Below this, the expiry is shown as a warning: time to sign in again before it runs out. */
const SOON_MS = 15 * 60 * 1000;

/**
 * Per-user sign-in: who is signed in and when their token runs out (read from the token itself,
 * when it is a JWT), or with the institution's account their name and when the session ends;
 * with Sign out. Nothing in shared-token mode.
 */
export function AccountStatus() {
  const { data: serverInfo } = useQuery(serverInfoOptions);
  const hydrated = useHydrated();
  const now = useNow(30_000);
  const access = serverInfo?.access;
  if (access === undefined || access.mode === 'shared' || !access.signedIn) return null;
  const expiry = access.expiresAt === null ? null : formatDate(access.expiresAt);
  // The time left depends on the moment the page is read, known only in the browser.
  const soon =
    hydrated && access.expiresAt !== null && new Date(access.expiresAt).getTime() - now < SOON_MS;
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <span className={soon ? 'font-medium text-warning' : 'text-ink-muted'}>
        {access.mode === 'oidc' && access.name !== null
          ? `Signed in as ${access.name}`
          : 'Signed in'}
        {expiry === null ? null : (
          <>
            {access.mode === 'oidc' ? ' · session ends ' : ' · token expires '}
            <time dateTime={expiry.iso} title={expiry.iso}>
              {hydrated ? `${expiry.absolute} (${expiry.relative})` : formatUtcDate(expiry.iso)}
            </time>
          </>
        )}
      </span>
      <form method="post" action={SIGN_OUT_ACTION}>
        <button type="submit" className={buttonVariants()}>
          Sign out
        </button>
      </form>
    </div>
  );
}
