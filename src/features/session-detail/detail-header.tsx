import { ArrowLeft, Mail } from 'lucide-react';
import type { ReactNode, Ref } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '#src/components/copy-button.tsx';
import type { DetailRouteSids } from '#src/lib/detail-navigation.ts';
import { LearnerFromUserSid, type LearnerView } from '#src/components/learner-name.tsx';
import type { DetailClose } from '#src/features/session-detail/use-close-detail.ts';

function Crumb({ children, current = false }: { children: ReactNode; current?: boolean }) {
  return (
    <li
      className="flex min-w-0 flex-wrap items-center gap-x-1"
      aria-current={current ? 'page' : undefined}
    >
      {children}
    </li>
  );
}

function Separator() {
  return (
    <li aria-hidden="true" className="text-ink-muted">
      ›
    </li>
  );
}

function Sid({ sid }: { sid: string }) {
  return <code className="font-mono text-xs break-all text-ink">{sid}</code>;
}

function LearnerCrumb({ learner }: { learner: LearnerView }) {
  switch (learner.kind) {
    case 'loading':
      return <span className="text-ink-muted">Learner…</span>;
    case 'unknown':
      return <span className="text-ink-muted">Learner unknown</span>;
    case 'known':
      return <span className="font-medium text-ink">{learner.name}</span>;
  }
}

function LearnerLine({ learner }: { learner: LearnerView }) {
  switch (learner.kind) {
    case 'loading':
      return <p className="text-sm text-ink-muted">Loading the learner…</p>;
    case 'unknown':
      return <p className="text-sm text-ink-muted">Learner unknown</p>;
    case 'known':
      return (
        <p className="flex flex-wrap items-center gap-x-2 text-sm">
          <span className="text-ink-muted">Learner</span>{' '}
          <span className="font-medium text-ink">{learner.name}</span>
          {learner.email === null ? null : (
            <>
              {' '}
              <a
                href={`mailto:${learner.email}`}
                className="inline-flex min-h-6 items-center gap-1 break-all text-accent underline"
              >
                <Mail aria-hidden="true" className="size-3.5" />
                {learner.email}
              </a>
            </>
          )}
        </p>
      );
  }
}

export function DetailHeader({
  sids,
  installName,
  userSid,
  close,
  headingRef,
  ticket,
}: {
  sids: DetailRouteSids;
  installName: string | null;
  /** Undefined while the session loads, null when it names no learner. */
  userSid: string | null | undefined;
  close: DetailClose;
  headingRef: Ref<HTMLHeadingElement>;
  ticket: string | null;
}) {
  return (
    <header className="space-y-3">
      <Link
        to={close.href}
        state={close.state}
        onClick={close.onLinkClick}
        aria-keyshortcuts="Escape"
        title="Back to sessions (Escape)"
        className="inline-flex min-h-6 items-center gap-1 text-sm font-medium text-accent hover:underline"
      >
        <ArrowLeft aria-hidden="true" className="size-4" />
        Back to sessions
      </Link>
      <nav aria-label="Breadcrumb">
        <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <Crumb>
            {installName === null ? (
              <>
                <span className="text-ink-muted">Install</span> <Sid sid={sids.installSid} />
              </>
            ) : (
              <span className="font-medium text-ink" title={sids.installSid}>
                {installName}
              </span>
            )}
          </Crumb>
          <Separator />
          <Crumb>
            <LearnerFromUserSid
              installSid={sids.installSid}
              userSid={userSid}
              render={(learner) => <LearnerCrumb learner={learner} />}
            />
          </Crumb>
          <Separator />
          <Crumb>
            <span className="text-ink-muted">Exam</span> <Sid sid={sids.examSid} />
          </Crumb>
          <Separator />
          <Crumb current>
            <span className="text-ink-muted">Session</span> <Sid sid={sids.sessionSid} />
          </Crumb>
        </ol>
      </nav>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          {/* Focusable from script only: opening from a row moves focus here. */}
          <h1
            ref={headingRef}
            tabIndex={-1}
            className="text-2xl font-semibold break-words outline-none"
          >
            Exam session{' '}
            <code className="font-mono text-base font-normal break-all">{sids.sessionSid}</code>
          </h1>
          <LearnerFromUserSid
            installSid={sids.installSid}
            userSid={userSid}
            render={(learner) => <LearnerLine learner={learner} />}
          />
        </div>
        {ticket === null ? null : (
          <CopyButton
            text={ticket}
            label="Copy for a ticket"
            className="border border-line bg-surface px-2.5 py-1.5 text-sm font-medium text-ink"
          >
            Copy for a ticket
          </CopyButton>
        )}
      </div>
    </header>
  );
}
