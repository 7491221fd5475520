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
import { useHydrated } from '#src/lib/use-hydrated.tsx';

export interface DetailClose {
  href: string;
  state: object;
  close: () => void;
  /** For the "Back to sessions" link: a plain click closes as Escape does. */
  onLinkClick: (event: MouseEvent<HTMLAnchorElement>) => void;
}

/** See docs/decisions/session-detail-handover.md. */
export function useCloseDetail(sids: DetailRouteSids): DetailClose {
  const location = useLocation();
  const navigate = useNavigate();
  // The server never sees history state: read it once hydrated, so both renders agree.
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

// A layout effect, so the key works from the moment the page is on screen: a passive effect can
// run a moment after paint and lose a quick Escape.
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
