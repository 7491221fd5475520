import { DisplayZoneProvider } from '#src/lib/time-zone/display-zone.tsx';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { sessionListEndpoint, type SessionListSids } from '#src/api/contract/session-list.ts';
import { sessionsPath } from '#src/lib/paths.ts';
import { ApiErrorPanel, RefreshFailedNotice } from '#src/components/lazy-api-error-panel.tsx';
import { SkipLink } from '#src/components/ui/skip-link.tsx';
import { ListNameSlot } from '#src/features/sessions/header/list-context.tsx';
import { DEFAULT_LIST_SEARCH, serializeListSearch } from '#src/lib/list-search.ts';
import { retryingText } from '#src/api/http.ts';
import { ListLiveRegion, useListAnnouncement } from '#src/features/sessions/list-announcement.tsx';
import { useRecordRecentView } from '#src/lib/recent-views/use-record-recent-view.ts';
import {
  ListSignalsProvider,
  LiveRefreshSlot,
  useListSignals,
  VisitSummarySlot,
} from '#src/features/sessions/live/list-signals-slot.tsx';
import {
  EmptyState,
  InvalidSidsState,
  ListNotice,
} from '#src/features/sessions/lazy-session-states.tsx';
import { RetryingNotice } from '#src/features/sessions/retrying-notice.tsx';
import { SessionsHeader } from '#src/features/sessions/header/sessions-header.tsx';
import { SessionsTable, useSessionsTable } from '#src/features/sessions/table/sessions-table.tsx';
import { SessionsToolbar } from '#src/features/sessions/toolbar/sessions-toolbar.tsx';
import { ViewSettingsSlot } from '#src/features/sessions/toolbar/lazy-view-settings.tsx';
import { useOpenSession } from '#src/features/sessions/table/use-open-session.ts';
import { useSessionList } from '#src/features/sessions/data/use-session-list.ts';
import { ExportCsv } from '#src/features/export/index.ts';
import { ListShortcuts } from '#src/features/sessions/shortcuts/list-shortcuts.tsx';
import { useStatusCounts } from '#src/features/sessions/status/use-status-counts.ts';

/** The rows and pager, where the page's skip link takes focus. */
const RESULTS_ID = 'session-results';

export function SessionsPage() {
  const { installSid, enrollmentSid, examSid } = useParams();
  // Parsed once per sid triple, so effects keyed on the sids do not run again on every render.
  const sids = useMemo(
    () => sessionListEndpoint.parseSids({ installSid, enrollmentSid, examSid }),
    [installSid, enrollmentSid, examSid],
  );
  if (!sids.ok) return <InvalidSidsState problems={sids.problems} />;
  // Keyed by the sids so moving to another learner never shows the previous learner's rows.
  return <SessionsView key={sessionsPath(sids.value)} sids={sids.value} />;
}

function SessionsView({ sids }: { sids: SessionListSids }) {
  const list = useSessionList(sids);
  const { search, result, notice, onViewChange, dismissNotice } = list;
  const { signals, tracker } = useListSignals(sids, list);
  const data = result.data;
  // The link is only read when copied, in the browser; the server renders no origin of its own.
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const shareUrl = `${origin}${sessionsPath(sids, serializeListSearch(search))}`;
  // Rows kept from the previous view are never this view's, fetching or not (the first render
  // of a new view can hold them before its request counts as started): the table says it is busy.
  const isUpdating = result.isPlaceholderData;
  // A refresh that failed keeps this view's rows on screen (they are its last good answer); only a
  // view that never loaded shows the error panel.
  const refreshFailed = result.isError && data !== undefined && !result.isPlaceholderData;
  const failed = result.isError && !refreshFailed;
  const showsRows = !failed && data?.total !== 0;
  const table = useSessionsTable({
    rows: data?.results,
    total: data?.total ?? 0,
    search,
  });
  const opener = useOpenSession(sids);
  useRecordRecentView(sids, serializeListSearch(search));
  const { counts: statusCounts, inProgress } = useStatusCounts(
    sids,
    search.includeActive,
    data !== undefined && !isUpdating,
    list.refreshingEvery,
  );
  const retrying = data === undefined ? retryingText(result) : null;
  const announcement = useListAnnouncement(
    search,
    failed
      ? { kind: 'error' }
      : retrying !== null
        ? { kind: 'retrying', text: retrying }
        : data === undefined
          ? { kind: 'loading' }
          : result.isPlaceholderData
            ? { kind: 'updating' }
            : { kind: 'settled', total: data.total },
  );

  // The learner is looked up through the first session shown, once: paging to other rows of the
  // same learner must not ask again.
  const [learnerSession, setLearnerSession] = useState<string | null>(null);
  const firstShown = data !== undefined && !result.isPlaceholderData ? data.results[0] : undefined;
  if (learnerSession === null && firstShown !== undefined) setLearnerSession(firstShown.sid);

  return (
    <DisplayZoneProvider>
      <div className="space-y-3">
        <ListLiveRegion text={announcement} />
        {/* Past the header and filters, so the rows and the pager are a few Tabs away. */}
        {showsRows ? <SkipLink target={RESULTS_ID}>Skip to results</SkipLink> : null}
        {tracker}
        <SessionsHeader
          sids={sids}
          search={search}
          total={failed ? 'error' : (data?.total ?? 'loading')}
          isUpdating={isUpdating}
          shareUrl={shareUrl}
          installName={<ListNameSlot part="install" sids={sids} sessionSid={learnerSession} />}
          learnerName={<ListNameSlot part="learner" sids={sids} sessionSid={learnerSession} />}
          examName={<ListNameSlot part="exam" sids={sids} sessionSid={learnerSession} />}
          liveRefresh={<LiveRefreshSlot signals={signals} list={list} />}
          exportCsv={<ExportCsv sids={sids} view={search} list={result} />}
        />
        {notice ? <ListNotice notice={notice} onDismiss={dismissNotice} /> : null}
        <SessionsToolbar
          search={search}
          statusCounts={statusCounts}
          inProgress={search.includeActive ? inProgress : null}
          onViewChange={onViewChange}
        />
        {refreshFailed ? (
          <RefreshFailedNotice
            isRetrying={result.isFetching}
            onRetry={() => void result.refetch()}
          />
        ) : null}
        <RetryingNotice list={result} />
        {/* One place in the tree for every state, so a setting that empties the list keeps focus. */}
        <ListSignalsProvider value={signals}>
          <div>
            <ViewSettingsSlot
              search={search}
              onViewChange={onViewChange}
              aside={<VisitSummarySlot />}
              className={`border border-line bg-surface ${showsRows ? 'rounded-t-lg border-b-0' : 'mb-3 rounded-lg'}`}
            />
            {failed ? (
              <ApiErrorPanel
                error={result.error}
                isRetrying={result.isFetching}
                onRetry={() => void result.refetch()}
                onReset={() => onViewChange({ ...DEFAULT_LIST_SEARCH })}
              />
            ) : !showsRows ? (
              <EmptyState
                view={search}
                statusCounts={statusCounts}
                onClearFilters={() => onViewChange({ statuses: [] })}
                onIncludeActive={() => onViewChange({ includeActive: true })}
              />
            ) : (
              <SessionsTable
                id={RESULTS_ID}
                table={table}
                onViewChange={onViewChange}
                total={data?.total ?? 0}
                search={search}
                isUpdating={isUpdating}
                isLoading={data === undefined}
                opener={opener}
                onNextIntent={list.prefetchNext}
              />
            )}
          </div>
        </ListSignalsProvider>
        <ListShortcuts />
      </div>
    </DisplayZoneProvider>
  );
}
