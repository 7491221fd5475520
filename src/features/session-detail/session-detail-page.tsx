import { DisplayZoneProvider } from '#src/lib/time-zone/display-zone.tsx';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef } from 'react';
import { useLocation, useParams } from 'react-router';
import type { SessionDetailSids } from '#src/api/contract/session-detail.ts';
import { sessionDetailEndpoint } from '#src/api/contract/session-detail.ts';
import { sessionListEndpoint } from '#src/api/contract/session-list.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import { retryingText } from '#src/api/http.ts';
import type { SidProblem } from '#src/api/contract/sids.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import { ApiErrorPanel } from '#src/components/lazy-api-error-panel.tsx';
import { useArrivedByNavigation } from '#src/components/page-arrival.tsx';
import { DetailFields } from '#src/features/session-detail/detail-fields.tsx';
import { DetailHeader, SessionSummary } from '#src/features/session-detail/detail-header.tsx';
import { Panel } from '#src/features/session-detail/field-list.tsx';
import { TicketButton } from '#src/features/session-detail/ticket-button.tsx';
import { examLabel } from '#src/api/contract/session-detail.ts';
import { useOverdueAfterMs } from '#src/api/server-info-query.ts';
import { sessionWait } from '#src/lib/session-wait.ts';
import { useNow } from '#src/lib/use-now.ts';
import { TimeZoneSelect } from '#src/lib/time-zone/time-zone-select.tsx';
import {
  readOpenedFromList,
  sessionDetailPagePath,
  type DetailRouteSids,
} from '#src/lib/detail-navigation.ts';
import { parseDetailRouteSids } from '#src/features/session-detail/detail-sids.ts';
import { useInstallName } from '#src/components/learner-name.tsx';
import { useRecordRecentView } from '#src/lib/recent-views/use-record-recent-view.ts';
import { InvalidSidsState } from '#src/features/sessions/index.ts';
import {
  SessionTimeline,
  useAnnotationAuthors,
} from '#src/features/session-detail/session-timeline.tsx';
import { useCloseDetail, useEscapeToClose } from '#src/features/session-detail/use-close-detail.ts';

export function SessionDetailPage() {
  const { installSid, enrollmentSid, examSid, sessionSid } = useParams();
  const sids = useMemo(
    () => parseDetailRouteSids({ installSid, enrollmentSid, examSid, sessionSid }),
    [installSid, enrollmentSid, examSid, sessionSid],
  );
  if (!sids.ok) {
    return (
      <InvalidDetailSids problems={sids.problems} raw={{ installSid, enrollmentSid, examSid }} />
    );
  }
  // Keyed by the sids so another session never shows this one's fields or timeline pages.
  return <SessionDetailView key={sessionDetailPagePath(sids.value)} sids={sids.value} />;
}

function SessionDetailView({ sids }: { sids: DetailRouteSids }) {
  const detailSids: SessionDetailSids = useMemo(
    () => ({ installSid: sids.installSid, examSid: sids.examSid, sessionSid: sids.sessionSid }),
    [sids],
  );
  const detail = useQuery(endpointQuery(sessionDetailEndpoint, detailSids, undefined));
  const installName = useInstallName(sids.installSid);
  const people = useAnnotationAuthors(detailSids);
  const now = useNow(60_000);
  const overdueAfterMs = useOverdueAfterMs();
  const close = useCloseDetail(sids);
  useEscapeToClose(close.close);
  useRecordRecentView(sids);

  // Any navigation (a row included) focuses the session; a fresh load starts at the top.
  const location = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  const openedFromList = readOpenedFromList(location.state) !== null;
  const arrived = useArrivedByNavigation();
  useEffect(() => {
    if (openedFromList || arrived) heading.current?.focus();
  }, [openedFromList, arrived]);

  // The profile is asked for once the session names its user; a failed session names none.
  const userSid = detail.isError ? null : detail.data?.session.userSid;
  const loaded = detail.isError ? undefined : detail.data;
  const wait = loaded === undefined ? null : sessionWait(loaded.session, now, overdueAfterMs);
  return (
    <DisplayZoneProvider>
      <div className="space-y-6">
        <DetailHeader
          sids={sids}
          installName={installName}
          userSid={userSid}
          exam={loaded === undefined ? undefined : examLabel(loaded.exam)}
          summary={
            loaded === undefined ? null : <SessionSummary session={loaded.session} wait={wait} />
          }
          close={close}
          headingRef={heading}
          ticket={
            loaded === undefined ? null : (
              <TicketButton sids={sids} detail={loaded} installName={installName} wait={wait} />
            )
          }
        />
        <TimeZoneSelect />
        {detail.isError ? (
          <ApiErrorPanel
            error={detail.error}
            isRetrying={detail.isFetching}
            onRetry={() => void detail.refetch()}
          />
        ) : detail.data === undefined ? (
          <p role="status" className="text-sm text-ink-muted">
            {retryingText(detail) ?? 'Loading the session…'}
          </p>
        ) : (
          <>
            {detail.data.session.enrollmentSid !== null &&
            detail.data.session.enrollmentSid !== sids.enrollmentSid ? (
              <p className="rounded-md border border-warning-line bg-warning-soft px-3 py-2 text-sm text-ink">
                This session belongs to enrollment{' '}
                <code className="font-mono break-all">{detail.data.session.enrollmentSid}</code>,
                not <code className="font-mono break-all">{sids.enrollmentSid}</code> from the link:
                the link&apos;s list may be another learner&apos;s.
              </p>
            ) : null}
            {/* What happened comes first: the proctor's words beside the integrity events. */}
            <div className="grid items-start gap-4 lg:grid-cols-2">
              <div className="space-y-4">
                <SessionNotes notes={detail.data.session.notes} />
                <SessionTimeline
                  kind="annotations"
                  sids={detailSids}
                  words={{ title: 'Proctor annotations', one: 'annotation', many: 'annotations' }}
                />
              </div>
              <SessionTimeline
                kind="events"
                sids={detailSids}
                words={{ title: 'Integrity events', one: 'event', many: 'events' }}
              />
            </div>
            <DetailFields detail={detail.data} installSid={sids.installSid} people={people} />
          </>
        )}
      </div>
    </DisplayZoneProvider>
  );
}

function SessionNotes({ notes }: { notes: string | null }) {
  if (notes === null || notes.trim() === '') return null;
  return (
    <Panel title="Notes">
      <p className="text-sm break-words whitespace-pre-wrap">{notes}</p>
    </Panel>
  );
}

function InvalidDetailSids({
  problems,
  raw,
}: {
  problems: SidProblem[];
  raw: Readonly<Record<string, string | undefined>>;
}) {
  const list = sessionListEndpoint.parseSids(raw);
  return (
    <InvalidSidsState
      problems={problems}
      learnerList={list.ok ? sessionsPath(list.value) : undefined}
    />
  );
}
