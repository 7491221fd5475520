import { useCallback, useEffect, useMemo, useRef, type RefObject } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import {
  readFocusSessionSid,
  sessionDetailPagePath,
  withFocusSessionSid,
  type OpenedFromList,
} from '#src/lib/detail-navigation.ts';
import { readTimeZoneChoice, withTimeZoneChoice } from '#src/lib/time-zone/time-zone-choice.ts';
import { ROW_LINK } from '#src/features/sessions/table/session-row.tsx';

export interface SessionOpener {
  /** The detail's address for a session, with the list's "Times in" choice: a row link's href. */
  href: (sessionSid: string) => string;
  /** Opens a session's detail: in this tab with history state, or in a new one as a deep link. */
  open: (sessionSid: string, inNewTab: boolean) => void;
}

/**
 * Opens a session's detail from a list row. The list's own history entry first learns which row
 * was opened (so Back, or closing the detail, puts focus back on it), then the detail is pushed
 * with the list's query, so closing returns to exactly this view.
 */
export function useOpenSession(sids: SessionListSids): SessionOpener {
  const location = useLocation();
  const navigate = useNavigate();
  const { pathname, search, hash } = location;
  const state: unknown = location.state;
  const href = useCallback(
    (sessionSid: string) => {
      // The detail shows its dates in the zone the list was read in.
      const timeZone = withTimeZoneChoice(
        new URLSearchParams(),
        readTimeZoneChoice(new URLSearchParams(search)),
      ).toString();
      return `${sessionDetailPagePath({ ...sids, sessionSid })}${timeZone === '' ? '' : `?${timeZone}`}`;
    },
    [search, sids],
  );
  const open = useCallback(
    (sessionSid: string, inNewTab: boolean) => {
      const path = href(sessionSid);
      if (inNewTab) {
        // A deep link: closing it there goes to the plain list of these sids.
        window.open(path, '_blank', 'noopener');
        return;
      }
      void navigate(
        { pathname, search, hash },
        { replace: true, state: withFocusSessionSid(state, sessionSid) },
      );
      const opened: OpenedFromList = { returnSearch: search.replace(/^\?/, ''), fromList: true };
      void navigate(path, { state: opened });
    },
    [navigate, href, pathname, search, hash, state],
  );
  return useMemo(() => ({ href, open }), [href, open]);
}

/**
 * Gives focus back to the link of the row a detail was opened from, once its rows are on screen:
 * once per history entry, so paging or refreshing later never pulls focus.
 */
export function useReturnedRowFocus(list: RefObject<HTMLElement | null>, rowsShown: boolean): void {
  const location = useLocation();
  const { key } = location;
  const sessionSid = readFocusSessionSid(location.state);
  const handledKey = useRef<string | null>(null);
  useEffect(() => {
    if (!rowsShown || sessionSid === null || handledKey.current === key) return;
    handledKey.current = key;
    const links = list.current?.querySelectorAll<HTMLElement>(ROW_LINK) ?? [];
    // Compared as text, not put in a selector: history state is not ours to trust.
    Array.from(links)
      .find((candidate) => candidate.textContent === sessionSid)
      ?.focus();
  }, [list, rowsShown, sessionSid, key]);
}
