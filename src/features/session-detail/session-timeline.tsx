import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { AlertTriangle, ChevronLeft, ChevronRight } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { endpointQuery } from '#src/api/endpoint-query.ts';
import type { SessionDetailSids } from '#src/api/contract/session-detail.ts';
import {
  DEFAULT_RECORD_PAGE,
  SESSION_RECORD_ENDPOINTS,
  type SessionRecordKind,
  type SessionRecordsResponse,
  type TimelineEntry,
} from '#src/api/contract/session-records.ts';
import { ApiError } from '#src/api/http.ts';
import { buttonVariants } from '#src/components/ui/button.tsx';
import { DateCell } from '#src/components/date-cell.tsx';
import { NameValueList } from '#src/features/session-detail/field-list.tsx';
import { SeverityChip } from '#src/features/session-detail/severity-chip.tsx';
import { withheldNote } from '#src/features/session-detail/session-fields.ts';
import { useFormatCount } from '#src/lib/format-number.ts';

export interface TimelineWords {
  /** The section's heading, e.g. "Integrity events". */
  title: string;
  /** One record and many, in a sentence: "event", "events". */
  one: string;
  many: string;
}

/**
 * One of the session's paged record lists (events or annotations) as a timeline, newest first. Each
 * has its own page, loading, empty and error state, so a failing list never takes the page down.
 * The page is local: it is a way of reading, not a view anyone would link to.
 */
export function SessionTimeline({
  kind,
  sids,
  words,
}: {
  kind: SessionRecordKind;
  sids: SessionDetailSids;
  words: TimelineWords;
}) {
  const [offset, setOffset] = useState(0);
  const records = useQuery({
    ...endpointQuery(SESSION_RECORD_ENDPOINTS[kind], sids, { ...DEFAULT_RECORD_PAGE, offset }),
    // The current entries stay while the next page loads, so the pager does not jump.
    placeholderData: keepPreviousData,
  });
  const headingId = useId();
  const data = records.data;

  return (
    <section
      aria-labelledby={headingId}
      className="rounded-lg border border-line bg-surface p-4"
      aria-busy={records.isFetching}
    >
      <h2 id={headingId} className="mb-3 text-base font-semibold">
        {words.title}
      </h2>
      {records.isError ? (
        <TimelineError
          words={words}
          error={records.error}
          isRetrying={records.isFetching}
          onRetry={() => void records.refetch()}
          onFirstPage={offset > 0 ? () => setOffset(0) : undefined}
        />
      ) : data === undefined ? (
        <p className="text-sm text-ink-muted">Loading {words.many}…</p>
      ) : data.total === 0 ? (
        <p className="text-sm text-ink-muted">No {words.many} for this session.</p>
      ) : (
        <>
          <ol
            className={`space-y-3 transition-opacity ${records.isPlaceholderData ? 'opacity-60' : ''}`}
          >
            {data.results.map((entry) => (
              <TimelineItem key={entry.key} entry={entry} words={words} />
            ))}
          </ol>
          {data.withheld.length > 0 ? (
            <p className="mt-3 text-xs text-ink-muted">{withheldNote(data.withheld)}</p>
          ) : null}
          <TimelinePager words={words} page={data} onOffsetChange={setOffset} />
        </>
      )}
    </section>
  );
}

function TimelineItem({ entry, words }: { entry: TimelineEntry; words: TimelineWords }) {
  return (
    <li className="space-y-0.5 border-l-2 border-line pl-3">
      <div className="text-sm text-ink-muted">
        <DateCell value={entry.time} empty="Time not recorded" />
      </div>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <h3 className="font-medium break-words text-ink">
          {entry.title ?? `Untitled ${words.one}`}
        </h3>
        {entry.severity === null ? null : <SeverityChip severity={entry.severity} />}
      </div>
      {entry.description === null ? null : (
        <p className="text-sm break-words whitespace-pre-wrap">{entry.description}</p>
      )}
      {entry.author === null ? null : (
        <p className="text-sm text-ink-muted">
          By <span className="font-medium text-ink">{entry.author.name}</span>
        </p>
      )}
      {entry.fields.length > 0 ? (
        <details className="group text-sm">
          <summary className="inline-flex min-h-6 cursor-pointer items-center gap-1 text-ink-muted hover:text-ink">
            <ChevronRight
              aria-hidden="true"
              className="size-3.5 transition-transform group-open:rotate-90"
            />
            More fields ({entry.fields.length})
          </summary>
          <NameValueList fields={entry.fields} compact />
        </details>
      ) : null}
    </li>
  );
}

function TimelinePager({
  words,
  page,
  onOffsetChange,
}: {
  words: TimelineWords;
  page: SessionRecordsResponse;
  onOffsetChange: (offset: number) => void;
}) {
  const formatCount = useFormatCount();
  const first = page.offset + 1;
  const last = Math.min(page.offset + page.results.length, page.total);
  const hasPrevious = page.offset > 0;
  const hasNext = page.offset + page.limit < page.total;
  return (
    <nav
      aria-label={`${words.title} pages`}
      className="mt-3 flex flex-wrap items-center justify-between gap-2 border-t border-line pt-3"
    >
      <p className="text-sm font-medium" aria-live="polite">
        {formatCount(first)}–{formatCount(last)} of {formatCount(page.total)}
      </p>
      <div className="flex gap-1.5">
        <button
          type="button"
          className={buttonVariants()}
          disabled={!hasPrevious}
          onClick={() => onOffsetChange(Math.max(0, page.offset - page.limit))}
        >
          <ChevronLeft aria-hidden="true" className="size-4" />
          Previous
        </button>
        <button
          type="button"
          className={buttonVariants()}
          disabled={!hasNext}
          onClick={() => onOffsetChange(page.offset + page.limit)}
        >
          Next
          <ChevronRight aria-hidden="true" className="size-4" />
        </button>
      </div>
    </nav>
  );
}

function TimelineError({
  words,
  error,
  isRetrying,
  onRetry,
  onFirstPage,
}: {
  words: TimelineWords;
  error: unknown;
  isRetrying: boolean;
  onRetry: () => void;
  onFirstPage: (() => void) | undefined;
}) {
  return (
    <div
      role="alert"
      className="space-y-2 rounded-md border border-danger-line bg-danger-soft px-3 py-2 text-sm text-ink"
    >
      <p className="flex items-start gap-2 font-medium">
        <AlertTriangle aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-danger" />
        The {words.many} could not be loaded.
      </p>
      {error instanceof ApiError ? <p>{error.message}</p> : null}
      <div className="flex flex-wrap gap-2">
        <button type="button" onClick={onRetry} disabled={isRetrying} className={buttonVariants()}>
          {isRetrying ? 'Trying again…' : 'Try again'}
        </button>
        {onFirstPage ? (
          <button type="button" onClick={onFirstPage} className={buttonVariants()}>
            Show the first page
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** Who the first page of annotations names, by user sid: read from what the timeline fetched. */
export function useAnnotationAuthors(sids: SessionDetailSids): ReadonlyMap<string, string> {
  const { data } = useQuery({
    ...endpointQuery(SESSION_RECORD_ENDPOINTS.annotations, sids, DEFAULT_RECORD_PAGE),
    enabled: false,
  });
  return useMemo(
    () =>
      new Map(
        (data?.results ?? []).flatMap(({ author }) =>
          author?.sid == null ? [] : [[author.sid, author.name] as const],
        ),
      ),
    [data],
  );
}
