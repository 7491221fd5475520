import { useHydrated } from '#src/lib/use-hydrated.ts';

const viewerFormat = new Intl.NumberFormat();
// The server's locale is not the viewer's: it renders one fixed form that the browser hydrates.
const serverFormat = new Intl.NumberFormat('en-US');

/**
 * Formats counts in the viewer's locale (e.g. "1.234" in German) once the page is hydrated, and
 * in a fixed en-US form until then, so server-rendered HTML and hydration always agree.
 */
export function useFormatCount(): (value: number) => string {
  const format = useHydrated() ? viewerFormat : serverFormat;
  return (value) => format.format(value);
}
