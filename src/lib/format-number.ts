import { useHydrated } from '#src/lib/use-hydrated.ts';

const viewerFormat = new Intl.NumberFormat();
const serverFormat = new Intl.NumberFormat('en-US');

/** In en-US until hydrated, so the server's HTML and hydration agree; then the viewer's locale. */
export function useFormatCount(): (value: number) => string {
  const format = useHydrated() ? viewerFormat : serverFormat;
  return (value) => format.format(value);
}
