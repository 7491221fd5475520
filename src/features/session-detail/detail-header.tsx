import { AlarmClock, ArrowLeft, Clock, Mail } from 'lucide-react';
import type { ReactNode, Ref } from 'react';
import { Link } from 'react-router';
import type { DetailRouteSids } from '#src/lib/detail-navigation.ts';
import { LearnerFromUserSid, type LearnerView } from '#src/components/learner-name.tsx';
import type { DetailClose } from '#src/features/session-detail/use-close-detail.ts';
import type { KnownSessionFields } from '#src/api/contract/session-detail.ts';
import { useDocumentTitle } from '#src/lib/document-title.ts';
import type { SessionWait } from '#src/lib/session-wait.ts';
import { StatusChip } from '#src/features/sessions/index.ts';

function Crumb({ children, current = false }: { children: ReactNode; current?: boolean }) {
  return (
    <li
      className="flex max-w-full min-w-0 items-center gap-x-1"
      aria-current={current ? 'page' : undefined}
    >
      {children}
    </li>
  );
}

function Separator() {
  return (
    <li aria-hidden="true" className="text-ink-muted max-sm:hidden">
      ›
    </li>
  );
}

/** Whole or cut short with an ellipsis, never broken across lines; the title holds it all. */
function Sid({ sid }: { sid: string }) {
  return (
    <code className="min-w-0 truncate font-mono text-xs text-ink" title={sid}>
      {sid}
    </code>
  );
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
  exam,
  summary,
  close,
  headingRef,
  ticket,
}: {
  sids: DetailRouteSids;
  installName: string | null;
  /** Undefined while the session loads, null when it names no learner. */
  userSid: string | null | undefined;
  /** "Chemistry Final Exam (CHEM 201)", once the session names it. */
  exam: string | undefined;
  summary: ReactNode;
  close: DetailClose;
  headingRef: Ref<HTMLHeadingElement>;
  ticket: ReactNode;
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
        {/* One crumb per line on a phone, where the separators would take lines of their own. */}
        <ol className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm max-sm:flex-col max-sm:items-stretch">
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
            {exam === undefined ? (
              <>
                <span className="text-ink-muted">Exam</span> <Sid sid={sids.examSid} />
              </>
            ) : (
              <span className="font-medium text-ink" title={sids.examSid}>
                {exam}
              </span>
            )}
          </Crumb>
          <Separator />
          <Crumb current>
            <span className="text-ink-muted">Session</span>
          </Crumb>
        </ol>
      </nav>
      <LearnerFromUserSid
        installSid={sids.installSid}
        userSid={userSid}
        render={(learner) => (
          <DetailTitle
            learner={learner.kind === 'known' ? learner.name : undefined}
            exam={exam}
            sessionSid={sids.sessionSid}
          />
        )}
      />
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1.5">
          {/* Focusable from script only: opening from a row moves focus here. */}
          <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-semibold outline-none">
            Exam session{' '}
            <code
              className="block truncate font-mono text-sm font-normal text-ink-muted"
              title={sids.sessionSid}
            >
              {sids.sessionSid}
            </code>
          </h1>
          {summary}
          <LearnerFromUserSid
            installSid={sids.installSid}
            userSid={userSid}
            render={(learner) => <LearnerLine learner={learner} />}
          />
        </div>
        {ticket}
      </div>
    </header>
  );
}

function DetailTitle({
  learner,
  exam,
  sessionSid,
}: {
  learner: string | undefined;
  exam: string | undefined;
  sessionSid: string;
}) {
  useDocumentTitle([learner, exam, `Session ${sessionSid.slice(0, 8)}…`]);
  return null;
}

/** Status, type and wait: what the list's row said, so the session is placed at a glance. */
export function SessionSummary({
  session,
  wait,
}: {
  session: KnownSessionFields;
  wait: SessionWait | null;
}) {
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
      <StatusChip status={session.status} />
      {session.statusReason === null ? null : (
        <span className="text-ink-muted">{session.statusReason}</span>
      )}
      {session.sessionType === null ? null : (
        <span>
          <span className="text-ink-muted">Type</span> {session.sessionType}
        </span>
      )}
      {wait === null ? null : (
        <span
          title="Counted from when the session was created"
          className={`inline-flex items-center gap-1 ${wait.overdue ? 'font-medium text-warning' : 'text-ink-muted'}`}
        >
          {wait.overdue ? (
            <AlarmClock aria-hidden="true" className="size-3.5 shrink-0" />
          ) : (
            <Clock aria-hidden="true" className="size-3.5 shrink-0" />
          )}
          Waiting {wait.length}
          {wait.overdue ? ', overdue' : ''}
        </span>
      )}
    </p>
  );
}
