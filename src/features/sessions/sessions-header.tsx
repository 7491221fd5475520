import { Link2 } from 'lucide-react';
import type { SessionListSids } from '#src/api/contract.ts';
import { CopyButton } from '#src/components/copy-button.tsx';

const numberFormat = new Intl.NumberFormat();

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
  shareUrl,
}: {
  sids: SessionListSids;
  total: number | undefined;
  shareUrl: string;
}) {
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
          <p className="text-sm text-ink-muted" aria-live="polite">
            {total === undefined
              ? 'Loading sessions…'
              : `${numberFormat.format(total)} ${total === 1 ? 'session' : 'sessions'} in this view`}
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
