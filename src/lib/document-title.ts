import { useEffect } from 'react';

const APP_TITLE = 'SmarterProctoring staff';

/** Names the browser tab after what the page shows; the page's own title comes back on leaving. */
export function useDocumentTitle(parts: readonly (string | null | undefined)[]): void {
  const title = [...parts.filter((part) => part != null && part !== ''), APP_TITLE].join(' · ');
  useEffect(() => {
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
}
