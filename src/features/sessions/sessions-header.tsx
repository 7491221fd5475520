import { Link2, LoaderCircle } from 'lucide-react';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { CopyButton } from '#src/components/copy-button.tsx';
import { useFormatCount } from '#src/lib/format-number.ts';

function SidCrumb({ label, sid }: { label: string; sid: string }) {
  return (
    <li className="flex min-w-0 items-center gap-1">
      <span className="text-ink-muted">{label}</span>
      <code className="truncate font-mono text-xs text-ink" title={sid}>
        {sid}
      </code>
      <CopyButton text={sid} label={`Copy ${label.toLowerCase()} sid`} />
    </li>
  );
}

export function SessionsHeader({
  sids,
  total,
  isUpdating,
  shareUrl,
}: {
  sids: SessionListSids;
  /** The view's session count, or why there is none to show. */
  total: number | 'loading' | 'error';
  /** A new page or filter is loading while the previous rows stay on screen. */
  isUpdating: boolean;
  shareUrl: string;
}) {
  const formatCount = useFormatCount();
  return (
    <header className="space-y-2">
      <nav aria-label="Breadcrumb">
        <ol className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
          <SidCrumb label="Install" sid={sids.installSid} />
          <li aria-hidden="true" className="text-ink-muted">
            /
          </li>
          <SidCrumb label="Enrollment" sid={sids.enrollmentSid} />
          <li aria-hidden="true" className="text-ink-muted">
            /
          </li>
          <SidCrumb label="Exam" sid={sids.examSid} />
        </ol>
      </nav>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Exam sessions</h1>
          <p className="flex flex-wrap items-center gap-x-2 text-sm text-ink-muted">
            <span aria-live="polite">
              {total === 'loading'
                ? 'Loading sessions…'
                : total === 'error'
                  ? 'Sessions could not be loaded'
                  : `${formatCount(total)} ${total === 1 ? 'session' : 'sessions'} in this view`}
            </span>
            <span role="status" className="inline-flex items-center gap-1">
              {isUpdating ? (
                <>
                  <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin" />
                  Updating…
                </>
              ) : null}
            </span>
          </p>
        </div>
        <CopyButton
          text={shareUrl}
          label="Copy link to this view"
          className="border border-line bg-surface px-2.5 py-1.5 text-sm font-medium text-ink"
        >
          <Link2 aria-hidden="true" className="size-4" />
          Copy link
        </CopyButton>
      </div>
    </header>
  );
}
