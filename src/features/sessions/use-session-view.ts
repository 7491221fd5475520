import { useCallback, useEffect, useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router';
import {
  changeView,
  parseSessionView,
  serializeSessionView,
  type SessionView,
} from '#src/features/sessions/session-view.ts';

/** Carried in history state across a repair, so the notice survives the URL being replaced. */
interface ViewRepairState {
  viewNotice: string;
}

function readNotice(state: unknown): string | null {
  if (typeof state === 'object' && state !== null && 'viewNotice' in state) {
    const notice = (state as ViewRepairState).viewNotice;
    return typeof notice === 'string' ? notice : null;
  }
  return null;
}

export interface SessionViewControls {
  view: SessionView;
  /** Set when part of the link was invalid and was dropped, or the page was moved. */
  notice: string | null;
  /** A user's discrete change: pushes a history entry so Back undoes it. */
  update: (change: Partial<SessionView>) => void;
  /** A correction the page makes itself: replaces the entry and says why. */
  repair: (change: Partial<SessionView>, notice: string) => void;
  dismissNotice: () => void;
}

/** The URL owns the view: parsed on every render, canonicalised with replace, changed with push. */
export function useSessionView(): SessionViewControls {
  const location = useLocation();
  const navigate = useNavigate();
  const { view, ignored } = useMemo(
    () => parseSessionView(new URLSearchParams(location.search)),
    [location.search],
  );
  const canonical = serializeSessionView(view);
  const current = location.search.replace(/^\?/, '');

  useEffect(() => {
    if (canonical === current) return;
    const state: ViewRepairState | null =
      ignored.length > 0
        ? { viewNotice: `Part of this link was not valid and was ignored: ${ignored.join('; ')}.` }
        : null;
    navigate({ search: canonical }, { replace: true, state, preventScrollReset: true });
  }, [canonical, current, ignored, navigate]);

  const update = useCallback(
    (change: Partial<SessionView>) => {
      const search = serializeSessionView(changeView(view, change));
      // A change that changes nothing must not add a history entry Back would have to skip.
      if (search === canonical) return;
      navigate({ search }, { preventScrollReset: true });
    },
    [navigate, view, canonical],
  );

  const currentNotice = readNotice(location.state);
  const repair = useCallback(
    (change: Partial<SessionView>, notice: string) => {
      // Keep an earlier repair's notice: the user should hear about every part that changed.
      const viewNotice = currentNotice ? `${currentNotice} ${notice}` : notice;
      navigate(
        { search: serializeSessionView({ ...view, ...change }) },
        {
          replace: true,
          state: { viewNotice } satisfies ViewRepairState,
          preventScrollReset: true,
        },
      );
    },
    [navigate, view, currentNotice],
  );

  const dismissNotice = useCallback(() => {
    navigate({ search: location.search }, { replace: true, state: null, preventScrollReset: true });
  }, [navigate, location.search]);

  return { view, notice: currentNotice, update, repair, dismissNotice };
}
