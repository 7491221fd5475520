import { useCallback, useEffect, useRef, type RefObject } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import {
  readFocusSessionSid,
  sessionDetailPagePath,
  withFocusSessionSid,
  type OpenedFromList,
} from '#src/features/session-detail/detail-navigation.ts';
import {
  readTimeZoneChoice,
  withTimeZoneChoice,
} from '#src/features/time-zone/time-zone-choice.ts';

/**
 * Opens a session's detail from a list row. The list's own history entry first learns which row
 * was opened (so Back, or closing the detail, puts focus back on it), then the detail is pushed
 * with the list's query, so closing returns to exactly this view.
 */
export function useOpenSession(
  sids: SessionListSids,
): (sessionSid: string, inNewTab: boolean) => void {
  const location = useLocation();
  const navigate = useNavigate();
  const { pathname, search, hash } = location;
  const state: unknown = location.state;
  return useCallback(
    (sessionSid: string, inNewTab: boolean) => {
      // The detail shows its dates in the zone the list was read in.
      const timeZone = withTimeZoneChoice(
        new URLSearchParams(),
        readTimeZoneChoice(new URLSearchParams(search)),
      ).toString();
      const path = `${sessionDetailPagePath({ ...sids, sessionSid })}${timeZone === '' ? '' : `?${timeZone}`}`;
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
    [navigate, pathname, search, hash, state, sids],
  );
}

/**
 * Gives focus back to the row a detail was opened from, once its rows are on screen: once per
 * history entry, so paging or refreshing later never pulls focus.
 */
export function useReturnedRowFocus(body: RefObject<HTMLElement | null>, rowsShown: boolean): void {
  const location = useLocation();
  const { key } = location;
  const sessionSid = readFocusSessionSid(location.state);
  const handledKey = useRef<string | null>(null);
  useEffect(() => {
    if (!rowsShown || sessionSid === null || handledKey.current === key) return;
    handledKey.current = key;
    const rows = body.current?.querySelectorAll<HTMLElement>('tr[data-session-sid]') ?? [];
    // Compared as data, not put in a selector: history state is not ours to trust.
    const row = Array.from(rows).find((candidate) => candidate.dataset.sessionSid === sessionSid);
    row?.focus();
  }, [body, rowsShown, sessionSid, key]);
}
