import type { FallbackProps } from 'react-error-boundary';
import { Link, useLocation } from 'react-router';
import { DemoBanner } from '#src/app/demo-banner.tsx';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="mx-auto max-w-xl py-12 text-center" aria-labelledby="not-found-title">
      <h1 id="not-found-title" className="text-2xl font-semibold">
        Page not found
      </h1>
      <p className="mt-3 text-ink-muted">
        There is no page at <code className="font-mono break-all">{pathname}</code>. A sessions link
        looks like /installs/AI…/enrollments/EN…/exams/EX…/sessions.
      </p>
      <Link to="/" className="mt-6 inline-block font-medium text-accent underline">
        Go to the home page
      </Link>
    </section>
  );
}

/**
 * What a render error anywhere under the root layout shows, so a bug never leaves a blank page.
 * The error itself is not shown: it is for the console, not for staff.
 */
export function RouteErrorPage(_props: FallbackProps) {
  // The root layout failed, so this page stands alone: it says itself that the data is a demo.
  return (
    <>
      <DemoBanner />
      <main className="mx-auto max-w-xl px-4 py-12 text-center">
        <section role="alert" aria-labelledby="route-error-title">
          <h1 id="route-error-title" className="text-2xl font-semibold">
            Something went wrong on this page
          </h1>
          <p className="mt-3 text-ink-muted">
            The page hit an unexpected problem and could not be shown. Reloading usually helps; if
            it keeps happening, send this page&apos;s link to the dashboard team.
          </p>
          <div className="mt-6 flex justify-center gap-4">
            <button
              type="button"
              onClick={() => window.location.reload()}
              className="rounded-md bg-accent px-4 py-2 font-medium text-white"
            >
              Reload the page
            </button>
            <a href="/" className="px-4 py-2 font-medium text-accent underline">
              Go to the home page
            </a>
          </div>
        </section>
      </main>
    </>
  );
}
