import { createContext, use, useEffect, useState, type ReactNode, type RefObject } from 'react';
import { useLocation } from 'react-router';

const ArrivedByNavigation = createContext(false);

/** Mounted in the root layout, which stays across pages, so it remembers the first location. */
export function PageArrivalProvider({ children }: { children: ReactNode }) {
  const { key } = useLocation();
  const [firstKey] = useState(key);
  return <ArrivedByNavigation value={key !== firstKey}>{children}</ArrivedByNavigation>;
}

/** Fixed at mount: a later change of the URL within the page does not count as arriving. */
export function useArrivedByNavigation(): boolean {
  const arrived = use(ArrivedByNavigation);
  const [atMount] = useState(arrived);
  return atMount;
}

/** Give the heading tabIndex={-1}. See docs/decisions/focus-and-announcements.md. */
export function useFocusOnArrival(heading: RefObject<HTMLElement | null>): void {
  const arrived = useArrivedByNavigation();
  useEffect(() => {
    if (arrived) heading.current?.focus();
  }, [arrived, heading]);
}
