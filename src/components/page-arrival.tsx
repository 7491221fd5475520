import { createContext, use, useEffect, useState, type ReactNode, type RefObject } from 'react';
import { useLocation } from 'react-router';

const ArrivedByNavigation = createContext(false);

/**
 * Knows whether the page shown was reached by a navigation in this document (a link, Back) rather
 * than by loading it: the root layout stays mounted across pages, so it remembers the first one.
 */
export function PageArrivalProvider({ children }: { children: ReactNode }) {
  const { key } = useLocation();
  const [firstKey] = useState(key);
  return <ArrivedByNavigation value={key !== firstKey}>{children}</ArrivedByNavigation>;
}

/**
 * True when this page was mounted by a navigation; fixed at mount, so a later change of the URL
 * within the page (a select that rewrites the query) does not count as arriving.
 */
export function useArrivedByNavigation(): boolean {
  const arrived = use(ArrivedByNavigation);
  const [atMount] = useState(arrived);
  return atMount;
}

/**
 * After a navigation, focus goes to the page's heading (give it tabIndex={-1}), so a screen
 * reader starts at the new page instead of wherever the old one left focus. A page that was just
 * loaded keeps the browser's own start at the top.
 */
export function useFocusOnArrival(heading: RefObject<HTMLElement | null>): void {
  const arrived = useArrivedByNavigation();
  useEffect(() => {
    if (arrived) heading.current?.focus();
  }, [arrived, heading]);
}
