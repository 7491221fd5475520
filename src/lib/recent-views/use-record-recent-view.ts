import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { lazyModule } from '#src/lib/lazy-module.tsx';

const recordView = lazyModule(() => import('#src/lib/recent-views/record-recent-view.ts'));

/** In the list's first view: it only loads the code that records, once the page is idle. */
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
      .loadWhenIdle()
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
      // A failed download costs only the history of views.
      .catch(() => undefined);
    return () => {
      stopped = true;
      stop?.();
    };
  }, [queryClient, installSid, enrollmentSid, examSid, sessionSid, search]);
}
