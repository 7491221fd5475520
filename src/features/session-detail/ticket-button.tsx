import type { SessionDetailResponse } from '#src/api/contract/session-detail.ts';
import { CopyButton } from '#src/components/copy-button.tsx';
import { LearnerFromUserSid } from '#src/components/learner-name.tsx';
import type { DetailRouteSids } from '#src/lib/detail-navigation.ts';
import { sessionDetailPagePath } from '#src/lib/detail-navigation.ts';
import { viewerTimeZone } from '#src/lib/format-date.ts';
import type { SessionWait } from '#src/lib/session-wait.ts';
import { useDisplayZone } from '#src/lib/time-zone/display-zone.tsx';
import { ticketText } from '#src/features/session-detail/ticket-text.ts';

export function TicketButton({
  sids,
  detail,
  installName,
  wait,
}: {
  sids: DetailRouteSids;
  detail: SessionDetailResponse;
  installName: string | null;
  wait: SessionWait | null;
}) {
  const timeZone = useDisplayZone() ?? viewerTimeZone();
  // Read only when shown, in the browser; the server renders no origin of its own.
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return (
    <LearnerFromUserSid
      installSid={sids.installSid}
      userSid={detail.session.userSid}
      render={(learner) => (
        <CopyButton
          text={ticketText({
            sids,
            session: detail.session,
            exam: detail.exam,
            installName,
            learner: learner.kind === 'known' ? learner : null,
            wait,
            timeZone,
            detailUrl: `${origin}${sessionDetailPagePath(sids)}`,
          })}
          label="Copy for a ticket"
          className="border border-line bg-surface px-2.5 py-1.5 text-sm font-medium text-ink"
        >
          Copy for a ticket
        </CopyButton>
      )}
    />
  );
}
