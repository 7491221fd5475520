import { useRef } from 'react';
import { Link, useLocation } from 'react-router';
import { useFocusOnArrival } from '#src/components/page-arrival.tsx';

export function NotFoundPage() {
  const { pathname } = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);
  return (
    <section className="mx-auto max-w-xl py-12 text-center" aria-labelledby="not-found-title">
      <h1
        id="not-found-title"
        ref={heading}
        tabIndex={-1}
        className="text-2xl font-semibold focus:outline-none"
      >
        Page not found
      </h1>
      <p className="mt-3 text-ink-muted">
        There is no page at <code className="font-mono break-all">{pathname}</code>. A sessions link
        looks like{' '}
        <code className="font-mono break-all">
          /installs/AI…/enrollments/EN…/exams/EX…/sessions
        </code>
        .
      </p>
      <Link
        to="/"
        className="mt-6 inline-flex min-h-6 items-center font-medium text-accent underline"
      >
        Go to the home page
      </Link>
    </section>
  );
}
