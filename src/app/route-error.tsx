import { DemoBanner } from '#src/app/layout-extras.tsx';
import { buttonVariants } from '#src/components/ui/button.tsx';

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
            Reload the page; if it keeps happening, send its link to your administrator.
          </p>
          <div className="mt-6 flex flex-wrap justify-center gap-2">
            <button
              type="button"
              onClick={() => window.location.reload()}
              className={buttonVariants({ variant: 'primary' })}
            >
              Reload the page
            </button>
            <a href="/" className={buttonVariants()}>
              Go to the home page
            </a>
          </div>
        </section>
      </main>
    </>
  );
}
