import { COPY_MESSAGES, useCopy } from '#src/components/copy-feedback.tsx';
import { Icon } from '#src/components/ui/icon.tsx';

/** Keeps no state of its own: CopyFeedbackProvider copies and announces the outcome. */
export function CopyButton({
  text,
  label,
  children,
  className = '',
}: {
  text: string;
  label: string;
  children?: React.ReactNode;
  className?: string;
}) {
  const { copy, outcome } = useCopy(text, label);

  return (
    <span className="relative inline-flex items-center">
      <button
        type="button"
        onClick={() => void copy(text, label)}
        aria-label={children ? undefined : label}
        title={label}
        className={`inline-flex min-h-6 min-w-6 items-center justify-center gap-1 rounded p-1.5 text-ink-muted hover:bg-surface-hover hover:text-ink ${className}`}
      >
        {outcome === 'copied' ? (
          <Icon name="check" className="size-3.5 text-success" />
        ) : (
          <Icon name="copy" className="size-3.5" />
        )}
        {children}
      </button>
      {/* Over the layout, so it never shifts the row; the provider's live region announces it. */}
      {outcome === 'idle' ? null : (
        <span
          aria-hidden="true"
          className="absolute top-full left-0 z-10 text-xs whitespace-nowrap text-ink-muted"
        >
          {COPY_MESSAGES[outcome]}
        </span>
      )}
    </span>
  );
}
