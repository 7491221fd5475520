import { useQuery } from '@tanstack/react-query';
import { listContextEndpoint } from '#src/api/contract/list-context.ts';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import {
  LearnerFromUserSid,
  useInstallName,
  type LearnerView,
} from '#src/components/learner-name.tsx';

export function ListInstallName({ installSid }: { installSid: string }) {
  const name = useInstallName(installSid);
  return name === null ? null : <span className="font-medium text-ink">{name}</span>;
}

/** The list API does not name the learner: the server learns it once from a session on screen. */
export function ListLearnerName({
  sids,
  sessionSid,
}: {
  sids: SessionListSids;
  sessionSid: string;
}) {
  const context = useQuery(endpointQuery(listContextEndpoint, sids, { session: sessionSid }));
  if (context.isError) return <ListLearnerText view={{ kind: 'unknown' }} />;
  return (
    <LearnerFromUserSid
      installSid={sids.installSid}
      userSid={context.data?.userSid}
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
