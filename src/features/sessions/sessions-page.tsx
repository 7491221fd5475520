import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useParams } from 'react-router';
import { findSidProblems, type SessionListSids } from '#src/api/contract.ts';
import { sessionsPath } from '#src/app/paths.ts';
import { sessionListOptions } from '#src/features/sessions/queries.ts';
import {
  DEFAULT_VIEW,
  lastPage,
  serializeSessionView,
  toListQuery,
} from '#src/features/sessions/session-view.ts';
import {
  EmptyState,
  ErrorState,
  InvalidSidsState,
  ViewNotice,
} from '#src/features/sessions/session-states.tsx';
import { SessionsHeader } from '#src/features/sessions/sessions-header.tsx';
import { SessionsTable, useSessionsTable } from '#src/features/sessions/sessions-table.tsx';
import { STATUS_COLUMN_ID } from '#src/features/sessions/columns.tsx';
import { SessionsToolbar } from '#src/features/sessions/sessions-toolbar.tsx';
import { useSessionView } from '#src/features/sessions/use-session-view.ts';

export function SessionsPage() {
  const { installSid = '', enrollmentSid = '', examSid = '' } = useParams();
  const sids = useMemo<SessionListSids>(
    () => ({ installSid, enrollmentSid, examSid }),
    [installSid, enrollmentSid, examSid],
  );
  const problems = findSidProblems(sids);
  if (problems.length > 0) return <InvalidSidsState problems={problems} />;
  // Keyed by the sids so moving to another learner never shows the previous learner's rows.
  return <SessionsView key={sessionsPath(sids)} sids={sids} />;
}

function SessionsView({ sids }: { sids: SessionListSids }) {
  const { view, notice, update, repair, dismissNotice } = useSessionView();
  const query = toListQuery(view);
  const queryClient = useQueryClient();
  const result = useQuery({
    ...sessionListOptions(sids, query),
    placeholderData: keepPreviousData,
  });
  const data = result.data;
  const settled = data !== undefined && !result.isPlaceholderData;

  // A page past the end (an old link, or a list that shrank) moves to the last page.
  const finalPage = settled ? lastPage(data.total, view.limit) : null;
  useEffect(() => {
    if (finalPage !== null && view.page > finalPage) {
      repair(
        { page: finalPage },
        `Page ${view.page} is past the end of this view, which has ${finalPage} ${finalPage === 1 ? 'page' : 'pages'}; showing page ${finalPage}.`,
      );
    }
  }, [finalPage, view.page, repair]);

  // Staff page forward far more than back: fetch the next page while they read this one.
  const hasNext = settled && data.next !== null;
  useEffect(() => {
    if (!hasNext) return;
    void queryClient.prefetchQuery(
      sessionListOptions(sids, toListQuery({ ...view, page: view.page + 1 })),
    );
  }, [hasNext, queryClient, sids, view]);

  const shareUrl = `${window.location.origin}${sessionsPath(sids, serializeSessionView(view))}`;
  const isUpdating = result.isFetching && result.isPlaceholderData;
  const table = useSessionsTable({
    rows: data?.results,
    total: data?.total ?? 0,
    view,
    onViewChange: update,
  });

  return (
    <div className="space-y-4">
      <SessionsHeader
        sids={sids}
        total={result.isError ? 'error' : (data?.total ?? 'loading')}
        isUpdating={isUpdating}
        shareUrl={shareUrl}
      />
      {notice ? <ViewNotice notice={notice} onDismiss={dismissNotice} /> : null}
      <SessionsToolbar
        view={view}
        onViewChange={update}
        onStatusesChange={(statuses) =>
          table
            .getColumn(STATUS_COLUMN_ID)
            ?.setFilterValue(statuses.length > 0 ? statuses : undefined)
        }
      />
      {result.isError ? (
        <ErrorState
          error={result.error}
          isRetrying={result.isFetching}
          onRetry={() => void result.refetch()}
          onReset={() => update({ ...DEFAULT_VIEW })}
        />
      ) : data && data.total === 0 ? (
        <EmptyState
          view={view}
          onClearFilters={() => update({ statuses: [] })}
          onIncludeActive={() => update({ includeActive: true })}
        />
      ) : (
        <SessionsTable
          table={table}
          total={data?.total ?? 0}
          view={view}
          isUpdating={isUpdating}
          isLoading={data === undefined}
        />
      )}
    </div>
  );
}
