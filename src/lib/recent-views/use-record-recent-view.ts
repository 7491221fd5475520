import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { lazyModule } from '#src/lib/lazy-module.tsx';

const recordView = lazyModule(() => import('#src/lib/recent-views/record-recent-view.ts'));

/**
 * Adds the view a page shows to "Recently viewed" (the home page lists them), with its learner's
 * and install's names once the page has them. In the list's first view, so it only loads the code
 * that does this, after the page is shown and in the browser alone.
 */
export function useRecordRecentView(
  sids: SessionListSids & { sessionSid?: string },
  search = '',
): void {
  const queryClient = useQueryClient();
  const { installSid, enrollmentSid, examSid, sessionSid } = sids;
  useEffect(() => {
    let stop: (() => void) | undefined;
    let stopped = false;
    recordView
      .load()
      .then(({ recordAndWatchView }) => {
        if (stopped) return;
        stop = recordAndWatchView(queryClient, {
          installSid,
          enrollmentSid,
          examSid,
          ...(sessionSid === undefined ? {} : { sessionSid }),
          search,
        });
      })
      // A history of views is a convenience: a failed download (offline) costs only that.
      .catch(() => undefined);
    return () => {
      stopped = true;
      stop?.();
    };
  }, [queryClient, installSid, enrollmentSid, examSid, sessionSid, search]);
}
