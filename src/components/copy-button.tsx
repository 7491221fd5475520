import { Check, Copy } from 'lucide-react';
import { COPY_MESSAGES, useCopy } from '#src/components/copy-feedback.tsx';

/**
 * Copies text through the page's one copy mechanism (CopyFeedbackProvider), which announces what
 * happened in its polite live region, since a silent copy helps nobody. The button keeps no state
 * and no timer of its own: it shows a check mark and the message while its copy is the last one.
 */
export function CopyButton({
  text,
  label,
  children,
  className = '',
}: {
  text: string;
  /** Accessible name, e.g. "Copy install sid". */
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
          <Check aria-hidden="true" className="size-3.5 text-success" />
        ) : (
          <Copy aria-hidden="true" className="size-3.5" />
        )}
        {children}
      </button>
      {/* Positioned over the layout so the confirmation never shifts the row. Hidden from
          assistive technology: the provider's live region announces it once. */}
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
