// See docs/decisions/learner-and-install-names.md.
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import type { ListNamePart } from '#src/features/sessions/header/list-context-names.tsx';
import { lazyComponent } from '#src/lib/lazy-module.tsx';

// The server renders the names it has at hand; the browser keeps that HTML until the code comes,
// once the page is idle, and keeps it should the code not come.
const names = lazyComponent(
  () =>
    import('#src/features/sessions/header/list-context-names.tsx').then(
      (module) => module.ListName,
    ),
  { keepServerHtml: true },
);

/** `sessionSid`: a session shown, whose detail names the list's learner and exam; null before. */
export function ListNameSlot({
  sessionSid,
  ...props
}: {
  part: ListNamePart;
  sids: SessionListSids;
  sessionSid: string | null;
}) {
  if (sessionSid === null) return null;
  return <names.Deferred {...props} sessionSid={sessionSid} />;
}
