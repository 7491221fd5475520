import { useEffect, useId, useRef } from 'react';
import { buttonVariants } from '#src/components/ui/button.tsx';

export interface ShortcutsDialogProps {
  /** The dialog closed (its button, or Escape): the opener unmounts it and restores focus. */
  onClose: () => void;
}

/** Arrows as they look, and as a screen reader should say them. */
const SPOKEN: Readonly<Record<string, string>> = { '↓': 'Down arrow', '↑': 'Up arrow' };

const SHORTCUTS: readonly { keys: readonly string[]; action: string }[] = [
  { keys: ['j', '↓'], action: 'Next session' },
  { keys: ['k', '↑'], action: 'Previous session' },
  { keys: ['Enter'], action: 'Open the session' },
  { keys: ['Esc'], action: 'Close the session, back to the list' },
  { keys: ['/'], action: 'Go to the filters' },
  { keys: ['?'], action: 'Show these shortcuts' },
];

/** The list's shortcuts, in a modal dialog: the browser traps focus in it and Escape closes it. */
export function ShortcutsDialog({ onClose }: ShortcutsDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={headingId}
      onClose={onClose}
      className="m-auto w-[min(28rem,calc(100%-2rem))] rounded-lg border border-line bg-surface p-5 text-ink shadow-lg backdrop:bg-surface-muted/80"
    >
      <h2 id={headingId} className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <p className="mt-1 text-sm text-ink-muted">
        On the sessions list, unless you are typing in a field.
      </p>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {SHORTCUTS.map(({ keys, action }) => (
          <div key={action} className="contents">
            <dt className="flex gap-1">
              {keys.map((key) => (
                <kbd
                  key={key}
                  className="min-w-6 rounded border border-line-strong bg-surface-muted px-1.5 text-center font-mono text-xs leading-5"
                >
                  {SPOKEN[key] === undefined ? (
                    key
                  ) : (
                    <>
                      <span aria-hidden="true">{key}</span>
                      <span className="sr-only">{SPOKEN[key]}</span>
                    </>
                  )}
                </kbd>
              ))}
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-5 flex justify-end">
        <button
          type="button"
          autoFocus
          onClick={() => dialog.current?.close()}
          className={buttonVariants()}
        >
          Close
        </button>
      </div>
    </dialog>
  );
}
