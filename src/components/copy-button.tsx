import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

/** Copies text; says what happened in a polite live region, since a silent copy helps nobody. */
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
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = window.setTimeout(() => setState('idle'), 2000);
    return () => window.clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <span className="relative inline-flex items-center">
      <button
        type="button"
        onClick={() => void copy()}
        aria-label={children ? undefined : label}
        title={label}
        className={`inline-flex items-center gap-1 rounded p-1.5 text-ink-muted hover:bg-slate-100 hover:text-ink ${className}`}
      >
        {state === 'copied' ? (
          <Check aria-hidden="true" className="size-3.5 text-emerald-700" />
        ) : (
          <Copy aria-hidden="true" className="size-3.5" />
        )}
        {children}
      </button>
      {/* Positioned over the layout so the confirmation never shifts the row. */}
      <span
        role="status"
        className="absolute top-full left-0 z-10 text-xs whitespace-nowrap text-ink-muted empty:hidden"
      >
        {state === 'copied'
          ? 'Copied'
          : state === 'failed'
            ? 'Copy failed: select and copy by hand'
            : ''}
      </span>
    </span>
  );
}
