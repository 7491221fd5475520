const countFormat = new Intl.NumberFormat();

/** A count in the viewer's locale, e.g. "1,234". */
export function formatCount(value: number): string {
  return countFormat.format(value);
}
