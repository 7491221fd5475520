import { useQuery } from '@tanstack/react-query';
import { ArrowRight, FlaskConical } from 'lucide-react';
import { useRef } from 'react';
import { Link } from 'react-router';
import type { DemoLink } from '#src/api/contract/server-info.ts';
import { serverInfoOptions } from '#src/api/server-info-query.ts';
import { useFocusOnArrival } from '#src/components/page-arrival.tsx';
import { LookupForm, RecentViews } from '#src/features/lookup/index.ts';

function DemoLinkList({ links }: { links: DemoLink[] }) {
  return (
    <ul className="divide-y divide-line">
      {links.map((link) => (
        <li key={link.path}>
          <Link
            to={link.path}
            className="flex items-center justify-between gap-3 px-4 py-3 hover:bg-surface-hover"
          >
            <span>
              <span className="block font-medium text-accent">{link.label}</span>
              <span className="block text-sm text-ink-muted">{link.description}</span>
            </span>
            <ArrowRight aria-hidden="true" className="size-4 shrink-0 text-ink-muted" />
          </Link>
        </li>
      ))}
    </ul>
  );
}

function DemoLinks() {
  const { data: serverInfo, isPending, isError } = useQuery(serverInfoOptions);
  // Until the server says which mode it is in, there is nothing true to say about demo data.
  if (isPending) return null;
  if (isError) {
    return (
      <p className="text-sm text-ink-muted">
        The server did not say whether it runs on demo data, so no demo links are listed; open a
        sessions link or use the form above.
      </p>
    );
  }
  if (serverInfo.mode !== 'demo') return null;
  const links = serverInfo.demoLinks;
  const dashboards = links.filter((link) => link.kind === 'dashboard');
  const faults = links.filter((link) => link.kind === 'fault');
  return (
    <section aria-labelledby="demo-title" className="rounded-lg border border-line bg-surface">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 border-b border-line px-4 py-3">
        <FlaskConical aria-hidden="true" className="size-4 text-accent" />
        <h2 id="demo-title" className="font-semibold">
          Demo data
        </h2>
        <span className="text-sm text-ink-muted">
          No API is configured, so the server is answering with seeded demo data.
        </span>
      </div>
      <DemoLinkList links={dashboards} />
      {faults.length > 0 ? (
        <details className="border-t border-line">
          <summary className="cursor-pointer px-4 py-3 text-sm font-medium">
            Demo faults: see how each upstream failure is shown
          </summary>
          <DemoLinkList links={faults} />
        </details>
      ) : null}
    </section>
  );
}

export function HomePage() {
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnArrival(heading);
  return (
    <div className="space-y-6">
      <div>
        <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold focus:outline-none">
          Proctored exam sessions
        </h1>
        <p className="mt-1 max-w-prose text-ink-muted">
          See a learner’s sessions for an exam: who, what status, when. Filter, sort and page
          through them, and share the exact view as a link.
        </p>
      </div>
      <LookupForm />
      <RecentViews />
      <DemoLinks />
    </div>
  );
}
