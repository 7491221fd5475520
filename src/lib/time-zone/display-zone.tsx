import { createContext, use, type ReactNode } from 'react';
import { useTimeZoneChoice } from '#src/lib/time-zone/use-time-zone-choice.ts';

/**
 * The zone every date on a page is shown in, resolved once per page. Resolving it in each date
 * cell (a router subscription and a query observer per cell, 150 on a page) held back the render
 * that brought a new page's rows: the table said it was settled while still showing the old ones.
 */
const DisplayZoneContext = createContext<string | undefined>(undefined);

/** Resolves the page's "Times in" choice once for the dates inside it. */
export function DisplayZoneProvider({ children }: { children: ReactNode }) {
  const { timeZone } = useTimeZoneChoice();
  return <DisplayZoneContext value={timeZone}>{children}</DisplayZoneContext>;
}

/** The IANA zone to show dates in, or undefined for the viewer's own (also outside a provider). */
export function useDisplayZone(): string | undefined {
  return use(DisplayZoneContext);
}
