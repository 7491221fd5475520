import { Button } from '#src/components/ui/button.tsx';
import { Icon, type IconName } from '#src/components/ui/icon.tsx';
import type { SessionListSearch } from '#src/lib/list-search.ts';
import type { SessionsTableModel } from '#src/features/sessions/table/sessions-table.tsx';
import { useFormatCount } from '#src/lib/format-number.ts';

function rangeLabel(
  view: SessionListSearch,
  total: number,
  formatCount: (value: number) => string,
): string {
  if (total === 0) return '0 of 0';
  const first = Math.min((view.page - 1) * view.limit + 1, total);
  const last = Math.min(view.page * view.limit, total);
  return `${formatCount(first)}–${formatCount(last)} of ${formatCount(total)}`;
}

function PagerButton({
  label,
  icon,
  onClick,
  onIntent,
  disabled,
}: {
  label: string;
  icon: IconName;
  onClick: () => void;
  /** The pointer or focus reached the button: a click may follow. */
  onIntent?: () => void;
  disabled: boolean;
}) {
  return (
    <Button
      size="sm"
      onClick={onClick}
      onPointerEnter={onIntent}
      onFocus={onIntent}
      disabled={disabled}
    >
      <Icon name={icon} className="size-4" />
      <span className="max-sm:sr-only">{label}</span>
    </Button>
  );
}

export function SessionsPager({
  table,
  total,
  search,
  isLoading,
  onViewChange,
  onNextIntent,
  onPageChange,
}: {
  table: SessionsTableModel;
  total: number;
  search: SessionListSearch;
  /** Straight to the URL, as the toolbar does: the table's own paging state would render twice. */
  onViewChange: (change: Partial<SessionListSearch>) => void;
  onNextIntent?: () => void;
  onPageChange?: () => void;
  /** Before the first answer there is no total, so no range or page count to claim. */
  isLoading: boolean;
}) {
  const pageCount = Math.max(1, table.getPageCount());
  const formatCount = useFormatCount();
  const go = (page: number) => () => {
    onViewChange({ page });
    onPageChange?.();
  };
  return (
    <nav
      aria-label="Pages"
      className="flex flex-wrap items-center justify-between gap-3 border-t border-line px-3 py-2"
    >
      {/* Quiet on purpose: the list's one live region announces the page after each change. */}
      <p className="text-sm text-ink-muted">
        {isLoading ? (
          'Loading…'
        ) : (
          <>
            <span className="font-medium text-ink">{rangeLabel(search, total, formatCount)}</span>
            <span className="ml-2">
              · Page {formatCount(search.page)} of {formatCount(pageCount)}
            </span>
          </>
        )}
      </p>
      <div className="flex gap-1.5 print:hidden">
        <PagerButton
          label="First"
          icon="chevron-first"
          onClick={go(1)}
          disabled={isLoading || !table.getCanPreviousPage()}
        />
        <PagerButton
          label="Previous"
          icon="chevron-left"
          onClick={go(search.page - 1)}
          disabled={isLoading || !table.getCanPreviousPage()}
        />
        <PagerButton
          label="Next"
          icon="chevron-right"
          onClick={go(search.page + 1)}
          onIntent={onNextIntent}
          disabled={isLoading || !table.getCanNextPage()}
        />
        <PagerButton
          label="Last"
          icon="chevron-last"
          onClick={go(pageCount)}
          disabled={isLoading || !table.getCanNextPage()}
        />
      </div>
    </nav>
  );
}
