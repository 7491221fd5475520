import { DemoBanner } from '#src/app/demo-banner.tsx';

/** The error itself is not shown: it is for the console, not for staff. */
export function RouteErrorPage() {
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
          <div className="mt-6 flex flex-wrap justify-center gap-4">
            <button
              type="button"
              onClick={() => window.location.reload()}
              className="rounded-md bg-accent px-4 py-2 font-medium text-on-accent hover:bg-accent-hover"
            >
              Reload the page
            </button>
            <a
              href="/"
              className="inline-flex items-center px-4 py-2 font-medium text-accent underline"
            >
              Go to the home page
            </a>
          </div>
        </section>
      </main>
    </>
  );
}
