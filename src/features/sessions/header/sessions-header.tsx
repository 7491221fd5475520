import type { ReactNode } from 'react';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { CopyButton } from '#src/components/copy-button.tsx';
import { Icon } from '#src/components/ui/icon.tsx';
import type { SessionListSearch } from '#src/lib/list-search.ts';
import { useFormatCount } from '#src/lib/format-number.ts';

/** "Incident, Closed · oldest first · in-progress included", or null for the default view. */
function describeView(view: SessionListSearch): string | null {
  const parts: string[] = [];
  if (view.statuses.length > 0) parts.push(view.statuses.join(', '));
  if (view.sort === 'createdDate.asc') parts.push('oldest first');
  if (view.includeActive) parts.push('in-progress included');
  return parts.length > 0 ? parts.join(' · ') : null;
}

function SidCrumb({
  label,
  sid,
  kind = label.toLowerCase(),
  name,
}: {
  label: string;
  sid: string;
  kind?: string;
  name?: ReactNode;
}) {
  return (
    <li className="flex max-w-full min-w-0 items-center gap-1">
      <span className="shrink-0 text-ink-muted">{label}</span>
      {/* Spaces, so the crumb reads "Learner Ada Lovelace" to assistive technology too. */}{' '}
      {/* A long exam title gives way before the sid does, never past the screen's edge. */}
      <span className="min-w-0 truncate">{name}</span>{' '}
      <code className="min-w-0 truncate font-mono text-xs text-ink" title={sid}>
        {sid}
      </code>
      <CopyButton text={sid} label={`Copy ${kind} sid`} />
    </li>
  );
}

export function SessionsHeader({
  sids,
  search,
  total,
  isUpdating,
  shareUrl,
  installName,
  learnerName,
  examName,
  liveRefresh,
  exportCsv,
}: {
  sids: SessionListSids;
  search: SessionListSearch;
  total: number | 'loading' | 'error';
  /** A new page or filter is loading while the previous rows stay on screen. */
  isUpdating: boolean;
  shareUrl: string;
  installName?: ReactNode;
  learnerName?: ReactNode;
  examName?: ReactNode;
  liveRefresh?: ReactNode;
  exportCsv?: ReactNode;
}) {
  const formatCount = useFormatCount();
  const summary = describeView(search);
  return (
    <header className="space-y-1">
      <nav aria-label="Breadcrumb">
        {/* One crumb per line on a phone, where the separators would take lines of their own. */}
        <ol className="flex flex-wrap items-center gap-x-3 text-sm max-sm:flex-col max-sm:items-stretch">
          <SidCrumb label="Install" sid={sids.installSid} name={installName} />
          <li aria-hidden="true" className="text-ink-muted max-sm:hidden">
            /
          </li>
          <SidCrumb label="Learner" kind="enrollment" sid={sids.enrollmentSid} name={learnerName} />
          <li aria-hidden="true" className="text-ink-muted max-sm:hidden">
            /
          </li>
          <SidCrumb label="Exam" sid={sids.examSid} name={examName} />
        </ol>
      </nav>
      <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
        <div className="flex flex-wrap items-baseline gap-x-3">
          <h1 className="text-xl font-semibold">Exam sessions</h1>
          <p className="flex flex-wrap items-center gap-x-1.5 text-sm text-ink-muted">
            {/* Quiet on purpose: the list's one live region announces counts and loading. */}
            <span>
              {total === 'loading'
                ? 'Loading sessions…'
                : total === 'error'
                  ? 'Sessions could not be loaded'
                  : `${formatCount(total)} ${total === 1 ? 'session' : 'sessions'} in this view`}
            </span>
            {summary === null ? null : (
              <span>
                · <span className="text-ink">{summary}</span>
              </span>
            )}
            <span className="inline-flex items-center gap-1">
              {isUpdating ? (
                <>
                  <Icon name="loader-circle" className="size-3.5 motion-safe:animate-spin" />
                  Updating…
                </>
              ) : null}
            </span>
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          {liveRefresh}
          <span className="flex flex-wrap items-center gap-2">
            <CopyButton
              text={shareUrl}
              label="Copy link to this view"
              className="border border-line-strong bg-surface px-2.5 py-1.5 text-sm font-medium text-ink print:hidden"
            >
              <Icon name="link-2" className="size-4" />
              Copy link
            </CopyButton>
            {exportCsv}
          </span>
        </div>
      </div>
    </header>
  );
}
