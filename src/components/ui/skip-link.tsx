import type { MouseEvent, ReactNode } from 'react';

/**
 * A link past what comes before `target`, shown only while it has focus. Focus moves onto the
 * target (which needs tabIndex={-1}) without adding a #fragment to the view's URL.
 */
export function SkipLink({ target, children }: { target: string; children: ReactNode }) {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const element = document.getElementById(target);
    if (element === null) return;
    event.preventDefault();
    element.focus();
  };
  return (
    <a
      href={`#${target}`}
      onClick={skip}
      data-slot="skip-link"
      className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-accent focus:px-3 focus:py-2 focus:font-medium focus:text-on-accent focus:underline"
    >
      {children}
    </a>
  );
}
