import { useHydrated } from '#src/lib/use-hydrated.tsx';

const viewerFormat = new Intl.NumberFormat();
/** Also what screen-reader announcements count in: an Intl per call costs a millisecond or more. */
export const enUsFormat = new Intl.NumberFormat('en-US');

/** In en-US until hydrated, so the server's HTML and hydration agree; then the viewer's locale. */
export function useFormatCount(): (value: number) => string {
  const format = useHydrated() ? viewerFormat : enUsFormat;
  return (value) => format.format(value);
}
