import { createContext, use, type MouseEvent, type ReactNode } from 'react';
import type { SessionOpener } from '#src/features/sessions/table/use-open-session.ts';

const SessionOpenerContext = createContext<SessionOpener | null>(null);

/** Gives the row links and the row clicks inside it the page's way to open a session. */
export function SessionOpenerProvider({
  opener,
  children,
}: {
  opener: SessionOpener;
  children: ReactNode;
}) {
  return <SessionOpenerContext value={opener}>{children}</SessionOpenerContext>;
}

export function useSessionOpener(): SessionOpener | null {
  return use(SessionOpenerContext);
}

/** A selection made by dragging over a sid or a date is for copying by hand, not a click. */
export function hasTextSelection(): boolean {
  return (window.getSelection()?.toString() ?? '') !== '';
}

/**
 * A row's one tab stop: the session sid as a real link to its detail. A plain click opens it in
 * this tab through history state (so closing returns to this view, focus on this link);
 * Ctrl/Cmd/Shift/middle clicks are left to the browser, which opens the href in a new tab or
 * window. Not draggable, so a drag selects the sid's text for copying instead of dragging a URL.
 */
export function SessionLink({ sid }: { sid: string }) {
  const opener = useSessionOpener();
  if (opener === null) return <code className="font-mono text-xs whitespace-nowrap">{sid}</code>;
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.defaultPrevented) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    // A pointer click ending a drag over the sid selected it; Enter (detail 0) always opens.
    if (event.detail !== 0 && hasTextSelection()) return;
    opener.open(sid, false);
  };
  return (
    <a
      href={opener.href(sid)}
      data-session-sid={sid}
      draggable={false}
      onClick={onClick}
      className="inline-flex min-h-6 items-center rounded font-mono text-xs whitespace-nowrap text-accent underline decoration-1 underline-offset-2 select-text hover:text-accent-hover"
    >
      {sid}
    </a>
  );
}
