import { createContext, use, type ReactNode } from 'react';
import { useTimeZoneChoice } from '#src/lib/time-zone/use-time-zone-choice.ts';

// Resolved once per page: a subscription per date cell held back the render of a new page's rows.
const DisplayZoneContext = createContext<string | undefined>(undefined);

export function DisplayZoneProvider({ children }: { children: ReactNode }) {
  const { timeZone } = useTimeZoneChoice();
  return <DisplayZoneContext value={timeZone}>{children}</DisplayZoneContext>;
}

/** Undefined for the viewer's own zone, also outside a provider. */
export function useDisplayZone(): string | undefined {
  return use(DisplayZoneContext);
}
