import { useCallback, useId, useRef, useState, type ComponentType } from 'react';
import type { SessionListSids } from '#src/api/contract/session-list.ts';
import { buttonVariants } from '#src/components/ui/button.tsx';
import type { SessionListSearch } from '#src/lib/list-search.ts';
import type { ExportRunProps } from '#src/features/export/export-run.tsx';
import { lazyModule } from '#src/lib/lazy-module.tsx';

const exportRun = lazyModule(() => import('#src/features/export/export-run.tsx'));

/** What the list query says, as much as the button needs: whether there is anything to export. */
export interface ExportableList {
  isError: boolean;
  isPlaceholderData: boolean;
  data?: { total: number } | undefined;
}

/** Why the button is off, in words when it stays off; while the list loads it is off quietly. */
function unavailability(list: ExportableList): { reason: string } | 'loading' | null {
  if (list.isError)
    return { reason: 'The list could not be loaded, so there is nothing to export.' };
  if (list.data === undefined || list.isPlaceholderData) return 'loading';
  if (list.data.total === 0) return { reason: 'No sessions in this view to export.' };
  return null;
}

/**
 * "Export CSV" for the whole view, a chunk of its own (see export-csv.tsx). The export
 * itself (page loop, CSV, progress and Cancel) is another, fetched on the first click.
 */
export function ExportButton({
  sids,
  view,
  list,
}: {
  sids: SessionListSids;
  view: SessionListSearch;
  list: ExportableList;
}) {
  const [run, setRun] = useState<{ id: number; Run: ComponentType<ExportRunProps> } | null>(null);
  const [busy, setBusy] = useState(false);
  const [loadFailed, setLoadFailed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const reasonId = useId();
  const unavailable = unavailability(list);
  const reason =
    typeof unavailable === 'object' && unavailable !== null ? unavailable.reason : null;

  const start = useCallback(() => {
    setLoadFailed(false);
    exportRun.load().then(
      (module) => setRun((last) => ({ id: (last?.id ?? 0) + 1, Run: module.ExportRun })),
      () => setLoadFailed(true),
    );
  }, []);
  const focusButton = useCallback(() => button.current?.focus(), []);

  return (
    <div className="flex flex-wrap items-center justify-end gap-x-3 gap-y-2 text-sm print:hidden">
      {run ? (
        <run.Run
          key={run.id}
          sids={sids}
          view={view}
          onBusyChange={setBusy}
          onRetry={start}
          onDone={focusButton}
        />
      ) : null}
      {loadFailed ? (
        <p role="alert" className="text-danger">
          The export could not load: check the connection, then try again.
        </p>
      ) : null}
      {reason !== null && !busy ? (
        <span id={reasonId} className="text-ink-muted">
          {reason}
        </span>
      ) : null}
      <button
        ref={button}
        type="button"
        onClick={start}
        disabled={unavailable !== null || busy}
        aria-describedby={reason !== null && !busy ? reasonId : undefined}
        className={buttonVariants()}
      >
        Export CSV
      </button>
    </div>
  );
}
