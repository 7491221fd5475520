// See docs/decisions/learner-and-install-names.md.
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import type { ListNamePart } from '#src/features/sessions/header/list-context-names.tsx';
import { lazyModule, useIdleModule } from '#src/lib/lazy-module.tsx';

const namesCode = lazyModule(() => import('#src/features/sessions/header/list-context-names.tsx'));

/** `sessionSid`: a session shown, whose detail names the list's learner and exam; null before. */
export function ListNameSlot(props: {
  part: ListNamePart;
  sids: SessionListSids;
  sessionSid: string | null;
}) {
  // Asked for once the page is idle: the names never compete with the rows.
  const names = useIdleModule(namesCode);
  if (names === undefined || props.sessionSid === null) return null;
  return <names.ListName {...props} sessionSid={props.sessionSid} />;
}
