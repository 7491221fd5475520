import { listContextEndpoint } from '#src/api/contract/list-context.ts';
import { examLabel } from '#src/api/contract/session-detail.ts';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { useEndpointQuery } from '#src/api/page-answers.ts';
import { useDocumentTitle } from '#src/lib/document-title.ts';
import {
  LearnerFromUserSid,
  useInstallName,
  type LearnerView,
} from '#src/components/learner-name.tsx';

export type ListNamePart = 'install' | 'learner' | 'exam';

/** The exam's name also names the browser tab, once. */
export function ListName({ part, ...props }: ListContextProps & { part: ListNamePart }) {
  switch (part) {
    case 'install':
      return <ListInstallName installSid={props.sids.installSid} />;
    case 'learner':
      return <ListLearnerName {...props} />;
    case 'exam':
      return <ListExamName {...props} />;
  }
}

function ListInstallName({ installSid }: { installSid: string }) {
  const name = useInstallName(installSid);
  return name === null ? null : <span className="font-medium text-ink">{name}</span>;
}

interface ListContextProps {
  sids: SessionListSids;
  sessionSid: string;
}

/** The list API names neither learner nor exam: the server learns both once from a session shown. */
function useListContext({ sids, sessionSid }: ListContextProps) {
  return useEndpointQuery(listContextEndpoint, sids, { session: sessionSid });
}

function ListLearnerName(props: ListContextProps) {
  const context = useListContext(props);
  if (context.isError) return <ListLearnerText view={{ kind: 'unknown' }} />;
  return (
    <LearnerFromUserSid
      installSid={props.sids.installSid}
      userSid={context.data?.userSid}
      render={(view) => <ListLearnerText view={view} />}
    />
  );
}

function ListExamName(props: ListContextProps) {
  const context = useListContext(props);
  const exam = context.data === undefined ? undefined : examLabel(context.data.exam);
  return (
    <>
      <LearnerFromUserSid
        installSid={props.sids.installSid}
        userSid={context.data?.userSid ?? null}
        render={(view) => (
          <ListTitle exam={exam} learner={view.kind === 'known' ? view.name : undefined} />
        )}
      />
      {exam === undefined ? null : (
        <span className="font-medium text-ink" title={exam}>
          {exam}
        </span>
      )}
    </>
  );
}

function ListTitle({ exam, learner }: { exam: string | undefined; learner: string | undefined }) {
  useDocumentTitle([exam, learner, 'Exam sessions']);
  return null;
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
