import { useCallback, useLayoutEffect, type MouseEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { sessionsPath } from '#src/lib/paths.ts';
import {
  readOpenedFromList,
  withFocusSessionSid,
  type DetailRouteSids,
} from '#src/lib/detail-navigation.ts';
import { parseListSearch, serializeListSearch } from '#src/lib/list-search.ts';
import { readTimeZoneChoice } from '#src/lib/time-zone/time-zone-choice.ts';
import { takesKeys } from '#src/lib/text-entry.ts';
import { useHydrated } from '#src/lib/use-hydrated.ts';

export interface DetailClose {
  /** The list to return to: the view it was opened from, else the plain list of these sids. */
  href: string;
  /** History state for that list: which row gets focus back. */
  state: object;
  close: () => void;
  /** For the "Back to sessions" link: a plain click closes as Escape does. */
  onLinkClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}

/**
 * Closing the detail. Opened from a row, the entry before is that very list (filters, sort, page,
 * and the row to focus), so closing goes back to it and adds no history. Opened by a link, there
 * is no such entry: closing pushes the plain list of these sids, with the row to focus if shown.
 * Either way the list shows its dates in the zone the detail was last read in: when that changed
 * on the detail, closing pushes the list's view with the new zone instead of going back.
 */
export function useCloseDetail(sids: DetailRouteSids): DetailClose {
  const location = useLocation();
  const navigate = useNavigate();
  // History state survives a reload but the server never sees it: read it only once hydrated,
  // so the server's link and the first browser render agree.
  const hydrated = useHydrated();
  const opened = hydrated ? readOpenedFromList(location.state) : null;
  const fromList = opened !== null;
  const { installSid, enrollmentSid, examSid, sessionSid } = sids;
  const timeZone = readTimeZoneChoice(new URLSearchParams(location.search));
  const { search: listView } = parseListSearch(new URLSearchParams(opened?.returnSearch ?? ''));
  const sameView = fromList && listView.timeZone === timeZone;
  const href = sessionsPath(
    { installSid, enrollmentSid, examSid },
    serializeListSearch({ ...listView, timeZone }),
  );
  const state = withFocusSessionSid(null, sessionSid);

  const close = useCallback(() => {
    if (sameView) void navigate(-1);
    else void navigate(href, { state: withFocusSessionSid(null, sessionSid) });
  }, [sameView, navigate, href, sessionSid]);

  const onLinkClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // A new tab or window (modifier keys, middle button) follows the href as usual.
    const plain =
      event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
    if (!sameView || !plain || event.defaultPrevented) return;
    event.preventDefault();
    close();
  };

  return { href, state, close, onLinkClick };
}

/**
 * Escape closes the detail, unless something on the page is using the key itself. Listening from
 * a layout effect, so the key works from the moment the page is on screen: a passive effect after
 * a navigation's transition can run a moment after paint, and a quick Escape was lost (1 in ~100
 * e2e runs).
 */
export function useEscapeToClose(close: () => void): void {
  useLayoutEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (!takesKeys(event.target)) close();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [close]);
}
