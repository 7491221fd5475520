import { useQuery } from '@tanstack/react-query';
import { sessionDetailEndpoint } from '#src/api/contract/session-detail.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import type { SessionDetailSids } from '#src/api/contract/session-detail.ts';
import {
  LearnerFromUserSid,
  useInstallName,
  type LearnerView,
} from '#src/components/learner-name.tsx';

export function ListInstallName({ installSid }: { installSid: string }) {
  const name = useInstallName(installSid);
  return name === null ? null : <span className="font-medium text-ink">{name}</span>;
}

/** The list API does not name the learner: one session's detail gives its userSid. */
export function ListLearnerName({ sids }: { sids: SessionDetailSids }) {
  const detail = useQuery(endpointQuery(sessionDetailEndpoint, sids, undefined));
  if (detail.isError) return <ListLearnerText view={{ kind: 'unknown' }} />;
  return (
    <LearnerFromUserSid
      installSid={sids.installSid}
      userSid={detail.data?.session.userSid}
      render={(view) => <ListLearnerText view={view} />}
    />
  );
}

function ListLearnerText({ view }: { view: LearnerView }) {
  switch (view.kind) {
    case 'loading':
      return null;
    case 'unknown':
      return <span className="text-ink-muted">unknown</span>;
    case 'known':
      return (
        <span className="font-medium text-ink" title={view.email ?? undefined}>
          {view.name}
        </span>
      );
  }
}
