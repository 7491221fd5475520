import type { QueryClient } from '@tanstack/react-query';
import { examLabel } from '#src/api/contract/session-detail.ts';
import { cachedNames } from '#src/lib/cached-names.ts';
import {
  recordRecentView,
  updateRecentViewNames,
  type ShownView,
  type ViewNames,
} from '#src/lib/recent-views/recent-views.ts';

export function knownNames(queryClient: QueryClient, view: ShownView): ViewNames {
  const { learner, install, exam } = cachedNames(queryClient, view);
  const examName = exam === undefined ? undefined : examLabel(exam);
  return {
    ...(learner === undefined ? {} : { learnerName: learner }),
    ...(install === undefined ? {} : { installName: install }),
    ...(examName === undefined ? {} : { examName }),
  };
}

export function recordAndWatchView(queryClient: QueryClient, view: ShownView): () => void {
  recordRecentView(view, knownNames(queryClient, view));
  return queryClient.getQueryCache().subscribe((event) => {
    // A name arrives as an answer, or in a query that starts with the one the page came with.
    const answered =
      (event.type === 'updated' && event.action.type === 'success') ||
      (event.type === 'added' && event.query.state.data !== undefined);
    if (answered) updateRecentViewNames(view, knownNames(queryClient, view));
  });
}
