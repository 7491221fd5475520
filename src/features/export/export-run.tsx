import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { buttonVariants } from '#src/components/ui/button.tsx';
import { exportFileName, sessionsCsv } from '#src/features/export/csv.ts';
import { fetchWholeView, type ExportProgress } from '#src/features/export/export-sessions.ts';
import type { SessionListSearch } from '#src/lib/list-search.ts';
import { useFormatCount } from '#src/lib/format-number.ts';
import { cachedNames } from '#src/lib/cached-names.ts';
import { viewerTimeZone } from '#src/lib/format-date.ts';
import { useDisplayZone } from '#src/lib/time-zone/display-zone.tsx';

export interface ExportRunProps {
  sids: SessionListSids;
  view: SessionListSearch;
  /** True while pages are being fetched: the Export button waits. */
  onBusyChange: (busy: boolean) => void;
  /** Try again: a new run of the same export. */
  onRetry: () => void;
  /** The file was downloaded: focus goes back to the Export button. */
  onDone: () => void;
}

type Outcome =
  | { kind: 'running' }
  | { kind: 'done'; count: number; fileName: string; warnings: string[] }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/**
 * Saves text as a file through a temporary object URL. Excel reads a CSV as UTF-8 only when it
 * starts with a byte order mark, so the file has one (other tools skip it).
 */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser reads the URL after this click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function progressText(progress: ExportProgress | null, formatCount: (value: number) => string) {
  if (progress === null) return 'Asking for the first page…';
  const sessions = `${formatCount(progress.received)} of ${formatCount(progress.total)} sessions`;
  if (progress.waitingSeconds !== undefined) {
    return `The server asked to slow down: going on in ${String(progress.waitingSeconds)} s (${sessions})`;
  }
  return `Page ${String(progress.page)} of ${String(progress.pages)} · ${sessions}`;
}

/**
 * One export, started when this mounts: the view as it was at the click, every page in turn,
 * a progress bar and Cancel meanwhile, then the download or a plain-words failure with Try again.
 */
export function ExportRun({ sids, view, onBusyChange, onRetry, onDone }: ExportRunProps) {
  // The view at the click: a filter or zone changed during the export does not change the file.
  const displayZone = useDisplayZone();
  const [request] = useState(() => ({ sids, view, timeZone: displayZone ?? viewerTimeZone() }));
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'running' });
  const controller = useRef<AbortController | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const retryButton = useRef<HTMLButtonElement>(null);
  const formatCount = useFormatCount();

  useEffect(() => {
    const abort = new AbortController();
    controller.current = abort;
    let unmounted = false;
    onBusyChange(true);
    fetchWholeView({ ...request, signal: abort.signal, onProgress: setProgress })
      .then(({ rows, warnings }) => {
        if (unmounted) return;
        const subject = { ...request, names: cachedNames(queryClient, request.sids) };
        const fileName = exportFileName(subject, request.view, new Date());
        download(sessionsCsv(rows, subject), fileName);
        setOutcome({ kind: 'done', count: rows.length, fileName, warnings });
      })
      .catch((error: unknown) => {
        if (unmounted) return;
        setOutcome(
          abort.signal.aborted
            ? { kind: 'cancelled' }
            : {
                kind: 'failed',
                message: error instanceof Error ? error.message : 'Something went wrong.',
              },
        );
      })
      .finally(() => {
        if (!unmounted) onBusyChange(false);
      });
    return () => {
      unmounted = true;
      abort.abort();
      onBusyChange(false);
    };
  }, [request, onBusyChange, queryClient]);

  // Focus follows the action: Cancel while running, then Try again, or the Export button.
  useEffect(() => {
    if (outcome.kind === 'running') cancelButton.current?.focus();
    else if (outcome.kind === 'done') onDone();
    else retryButton.current?.focus();
  }, [outcome.kind, onDone]);

  const pageAt =
    progress === null
      ? ''
      : ` at page ${String(Math.min(progress.page + 1, progress.pages))} of ${String(progress.pages)}`;

  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
      {outcome.kind === 'running' ? (
        <>
          <progress
            aria-label="Export progress"
            max={Math.max(1, progress?.total ?? 0)}
            value={progress === null ? undefined : progress.received}
            className="h-2 w-40 accent-accent"
          />
          <span className="text-ink-muted">{progressText(progress, formatCount)}</span>
          <button
            ref={cancelButton}
            type="button"
            onClick={() => controller.current?.abort()}
            className={buttonVariants()}
          >
            Cancel export
          </button>
        </>
      ) : null}
      {/* One polite region for how the export ended; the progress itself is not announced. */}
      <p role="status" className={outcome.kind === 'failed' ? 'text-danger' : 'text-ink-muted'}>
        {outcome.kind === 'done'
          ? [
              `Downloaded ${formatCount(outcome.count)} ${outcome.count === 1 ? 'session' : 'sessions'} as ${outcome.fileName}.`,
              ...outcome.warnings,
            ].join(' ')
          : outcome.kind === 'cancelled'
            ? 'Export cancelled; nothing was downloaded.'
            : outcome.kind === 'failed'
              ? `The export stopped${pageAt}: ${outcome.message} Nothing was downloaded.`
              : null}
      </p>
      {outcome.kind === 'cancelled' || outcome.kind === 'failed' ? (
        <button ref={retryButton} type="button" onClick={onRetry} className={buttonVariants()}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
